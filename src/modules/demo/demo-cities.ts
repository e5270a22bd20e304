// Real cities, districts and street names; street numbers and buildings are invented by the generator.
// District centres are approximate (a few km is fine for map demos); the box bounds every generated point.

export type DemoCityBox = {
  readonly minLat: number;
  readonly maxLat: number;
  readonly minLng: number;
  readonly maxLng: number;
};

export type DemoDistrict = {
  readonly name: string;
  readonly lat: number;
  readonly lng: number;
  readonly streets: readonly string[];
};

export type DemoCity = {
  readonly name: string;
  /** Landline area code with the trunk prefix, e.g. '021'. */
  readonly areaCode: string;
  /** Relative share of customers in this city. */
  readonly weight: number;
  /** Shanghai addresses use lanes ('1288弄5号'); elsewhere a compound with buildings and units. */
  readonly lanes: boolean;
  readonly box: DemoCityBox;
  readonly districts: readonly DemoDistrict[];
};

export const DEMO_CITIES: readonly DemoCity[] = [
  {
    name: '上海',
    areaCode: '021',
    weight: 30,
    lanes: true,
    box: { minLat: 30.9, maxLat: 31.5, minLng: 121.1, maxLng: 121.9 },
    districts: [
      { name: '黄浦区', lat: 31.231, lng: 121.484, streets: ['南京东路', '西藏中路', '淮海中路'] },
      { name: '徐汇区', lat: 31.188, lng: 121.437, streets: ['漕溪北路', '肇嘉浜路', '虹桥路'] },
      { name: '静安区', lat: 31.229, lng: 121.448, streets: ['南京西路', '延安中路', '共和新路'] },
      { name: '长宁区', lat: 31.22, lng: 121.424, streets: ['天山路', '延安西路', '仙霞路'] },
      { name: '浦东新区', lat: 31.221, lng: 121.544, streets: ['张杨路', '世纪大道', '锦绣路', '金科路'] },
      { name: '杨浦区', lat: 31.259, lng: 121.526, streets: ['四平路', '国定路', '长阳路'] },
      { name: '闵行区', lat: 31.113, lng: 121.382, streets: ['七莘路', '虹井路', '都市路'] },
      { name: '普陀区', lat: 31.249, lng: 121.397, streets: ['长寿路', '真北路', '金沙江路'] },
    ],
  },
  {
    name: '北京',
    areaCode: '010',
    weight: 16,
    lanes: false,
    box: { minLat: 39.7, maxLat: 40.2, minLng: 116.1, maxLng: 116.8 },
    districts: [
      { name: '朝阳区', lat: 39.921, lng: 116.443, streets: ['建国路', '朝阳北路', '望京街', '东三环中路'] },
      { name: '海淀区', lat: 39.96, lng: 116.298, streets: ['中关村大街', '学院路', '知春路'] },
      { name: '东城区', lat: 39.929, lng: 116.416, streets: ['东直门内大街', '王府井大街', '安定门外大街'] },
      { name: '西城区', lat: 39.912, lng: 116.366, streets: ['西直门外大街', '金融大街', '月坛南街'] },
      { name: '丰台区', lat: 39.858, lng: 116.287, streets: ['丰台北路', '南三环西路', '丰科路'] },
      { name: '通州区', lat: 39.909, lng: 116.657, streets: ['新华西街', '运河东大街'] },
    ],
  },
  {
    name: '深圳',
    areaCode: '0755',
    weight: 12,
    lanes: false,
    box: { minLat: 22.45, maxLat: 22.8, minLng: 113.75, maxLng: 114.35 },
    districts: [
      { name: '福田区', lat: 22.541, lng: 114.055, streets: ['深南大道', '福华路', '益田路'] },
      { name: '南山区', lat: 22.533, lng: 113.93, streets: ['科苑路', '南海大道', '后海大道'] },
      { name: '罗湖区', lat: 22.548, lng: 114.131, streets: ['人民南路', '深南东路', '宝安南路'] },
      { name: '宝安区', lat: 22.555, lng: 113.883, streets: ['新安六路', '宝安大道', '创业一路'] },
      { name: '龙岗区', lat: 22.72, lng: 114.247, streets: ['龙翔大道', '龙城大道'] },
    ],
  },
  {
    name: '广州',
    areaCode: '020',
    weight: 10,
    lanes: false,
    box: { minLat: 22.85, maxLat: 23.4, minLng: 113.15, maxLng: 113.55 },
    districts: [
      { name: '天河区', lat: 23.125, lng: 113.361, streets: ['天河路', '体育西路', '花城大道'] },
      { name: '越秀区', lat: 23.129, lng: 113.267, streets: ['中山五路', '环市东路', '东风中路'] },
      { name: '海珠区', lat: 23.084, lng: 113.318, streets: ['新港中路', '江南大道中', '工业大道'] },
      { name: '番禺区', lat: 22.938, lng: 113.384, streets: ['番禺大道', '迎宾路'] },
      { name: '白云区', lat: 23.158, lng: 113.273, streets: ['机场路', '白云大道北'] },
    ],
  },
  {
    name: '杭州',
    areaCode: '0571',
    weight: 8,
    lanes: false,
    box: { minLat: 30.1, maxLat: 30.45, minLng: 119.95, maxLng: 120.4 },
    districts: [
      { name: '西湖区', lat: 30.26, lng: 120.13, streets: ['文三路', '天目山路', '教工路'] },
      { name: '上城区', lat: 30.243, lng: 120.17, streets: ['解放路', '延安路', '望江东路'] },
      { name: '拱墅区', lat: 30.32, lng: 120.142, streets: ['莫干山路', '湖墅南路', '上塘路'] },
      { name: '滨江区', lat: 30.208, lng: 120.211, streets: ['江南大道', '滨盛路', '网商路'] },
      { name: '余杭区', lat: 30.29, lng: 120.03, streets: ['文一西路', '五常大道'] },
      { name: '萧山区', lat: 30.183, lng: 120.264, streets: ['市心中路', '金城路'] },
    ],
  },
  {
    name: '南京',
    areaCode: '025',
    weight: 7,
    lanes: false,
    box: { minLat: 31.85, maxLat: 32.25, minLng: 118.6, maxLng: 119.05 },
    districts: [
      { name: '鼓楼区', lat: 32.066, lng: 118.77, streets: ['中山路', '中山北路', '北京西路'] },
      { name: '玄武区', lat: 32.048, lng: 118.797, streets: ['珠江路', '中山东路', '龙蟠路'] },
      { name: '秦淮区', lat: 32.03, lng: 118.795, streets: ['中华路', '太平南路', '应天大街'] },
      { name: '建邺区', lat: 32.004, lng: 118.732, streets: ['江东中路', '庐山路', '河西大街'] },
      { name: '江宁区', lat: 31.953, lng: 118.84, streets: ['双龙大道', '胜太路'] },
    ],
  },
  {
    name: '成都',
    areaCode: '028',
    weight: 6,
    lanes: false,
    box: { minLat: 30.5, maxLat: 30.8, minLng: 103.9, maxLng: 104.25 },
    districts: [
      { name: '锦江区', lat: 30.657, lng: 104.083, streets: ['春熙路', '东大街', '红星路'] },
      { name: '武侯区', lat: 30.642, lng: 104.043, streets: ['人民南路四段', '科华北路', '武侯祠大街'] },
      { name: '青羊区', lat: 30.674, lng: 104.062, streets: ['人民中路', '蜀都大道', '清江东路'] },
      { name: '成华区', lat: 30.66, lng: 104.101, streets: ['建设路', '二环路东二段'] },
      { name: '高新区', lat: 30.575, lng: 104.065, streets: ['天府大道北段', '天府三街', '益州大道'] },
    ],
  },
  {
    name: '武汉',
    areaCode: '027',
    weight: 6,
    lanes: false,
    box: { minLat: 30.4, maxLat: 30.75, minLng: 114.1, maxLng: 114.5 },
    districts: [
      { name: '江汉区', lat: 30.601, lng: 114.27, streets: ['解放大道', '建设大道', '新华路'] },
      { name: '武昌区', lat: 30.554, lng: 114.316, streets: ['中南路', '中北路', '武珞路'] },
      { name: '洪山区', lat: 30.5, lng: 114.344, streets: ['珞喻路', '雄楚大道'] },
      { name: '江岸区', lat: 30.6, lng: 114.309, streets: ['沿江大道', '中山大道', '黄浦大街'] },
      { name: '汉阳区', lat: 30.555, lng: 114.218, streets: ['汉阳大道', '龙阳大道'] },
    ],
  },
  {
    name: '苏州',
    areaCode: '0512',
    weight: 4,
    lanes: false,
    box: { minLat: 31.15, maxLat: 31.45, minLng: 120.45, maxLng: 120.85 },
    districts: [
      { name: '姑苏区', lat: 31.312, lng: 120.617, streets: ['人民路', '干将路', '十全街'] },
      { name: '工业园区', lat: 31.317, lng: 120.723, streets: ['星湖街', '现代大道', '苏州大道东'] },
      { name: '吴中区', lat: 31.262, lng: 120.632, streets: ['东吴北路', '宝带西路'] },
      { name: '虎丘区', lat: 31.298, lng: 120.566, streets: ['狮山路', '长江路'] },
    ],
  },
  {
    name: '西安',
    areaCode: '029',
    weight: 3,
    lanes: false,
    box: { minLat: 34.15, maxLat: 34.4, minLng: 108.8, maxLng: 109.1 },
    districts: [
      { name: '雁塔区', lat: 34.214, lng: 108.948, streets: ['小寨东路', '高新路', '长安南路'] },
      { name: '碑林区', lat: 34.254, lng: 108.946, streets: ['南大街', '东大街', '友谊西路'] },
      { name: '未央区', lat: 34.3, lng: 108.945, streets: ['未央路', '凤城八路'] },
    ],
  },
];

/** Looks a city up by its Chinese name ('上海'); throws for a city the generator does not know. */
export const getDemoCity = (name: string): DemoCity => {
  const city = DEMO_CITIES.find((candidate) => candidate.name === name);
  if (city === undefined) throw new RangeError(`unknown demo city: ${name}`);
  return city;
};

/** True when the point lies inside the city's box. */
export const isInsideCityBox = (city: DemoCity, lat: number, lng: number): boolean =>
  lat >= city.box.minLat && lat <= city.box.maxLat && lng >= city.box.minLng && lng <= city.box.maxLng;
