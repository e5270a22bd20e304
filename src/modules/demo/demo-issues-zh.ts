import { CATEGORY_TAGS, type DemoContexts, type DemoIssueGroup, issue } from './demo-issues.ts';

// Written the way customers actually phone or message in: short, concrete, a little impatient.

// Many faults are talked through on the phone first; the rest need a visit.
const fieldRepair = { severity: 'normal', service: 'repair', fieldShare: 0.65 } as const;
const urgentRepair = { severity: 'high', service: 'repair', fieldShare: 0.9 } as const;
const install = { severity: 'low', service: 'install', fieldShare: 1 } as const;
const upkeep = { severity: 'low', service: 'maintenance', fieldShare: 0.95 } as const;
const deskFault = { severity: 'normal', service: 'repair', fieldShare: 0.25 } as const;
const deskUrgent = { severity: 'high', service: 'support', fieldShare: 0.2 } as const;
const deskQuestion = { severity: 'low', service: 'support', fieldShare: 0 } as const;
const remoteFault = { severity: 'normal', service: 'support', fieldShare: 0 } as const;

export const ZH_ISSUES: readonly DemoIssueGroup[] = [
  {
    category: 'hvac',
    tag: CATEGORY_TAGS.hvac,
    weights: { person: 30, organization: 18 },
    issues: [
      issue(
        '空调不制冷',
        fieldRepair,
        '空调开了一个多小时,出风口吹的还是热风。',
        '外机一直在转,可屋里温度就是降不下来。',
      ),
      issue('空调漏水', fieldRepair, '室内机下面一直滴水,地板已经泡湿了一块。', '挂机右侧出水很多,接了一盆还在滴。'),
      issue('空调显示 E3 故障代码', fieldRepair, '面板上显示 E3,遥控器按了没有反应。', '断电重启以后过几分钟又跳 E3。'),
      issue('空调异响', fieldRepair, '开机后内机咔咔响,晚上根本睡不着。', '外机运转时有很大的嗡嗡声,邻居也来问了。'),
      issue(
        '中央空调出风弱',
        fieldRepair,
        '会议室的风口几乎没风,别的房间正常。',
        '三楼整层出风很弱,温度设到十八度也不凉。',
      ),
      issue(
        '新购空调预约安装',
        install,
        '新买的挂机已经送到,想约这周六上午安装。',
        '两台柜机到货了,需要打孔和加长铜管。',
      ),
      issue('空调清洗保养', upkeep, '一年多没洗过了,开机有股霉味。', '办公室八台挂机想统一做一次清洗。'),
    ],
  },
  {
    category: 'elevator',
    tag: CATEGORY_TAGS.elevator,
    weights: { person: 6, organization: 14 },
    issues: [
      issue(
        '电梯困人',
        urgentRepair,
        '2 号楼电梯停在八楼和九楼之间,里面有人被困。',
        '电梯突然停了,轿厢里有一位老人,已经安抚住了。',
      ),
      issue(
        '电梯异响',
        fieldRepair,
        '3 号梯上下运行时有明显的摩擦声。',
        '电梯启动和停靠的时候咚的一声,住户反映好几次了。',
      ),
      issue('电梯门关不上', fieldRepair, '电梯门反复开合就是关不上,已经暂停使用。', '一楼厅门关到一半又弹开。'),
      issue('电梯平层不准', fieldRepair, '到站后轿厢比楼层高出一截,容易绊倒人。', '停靠时总是差几公分才对齐。'),
      issue('电梯年检前维保', upkeep, '下个月要年检,想先安排一次全面保养。', '物业要求季度维保,麻烦排一下时间。'),
    ],
  },
  {
    category: 'printer',
    tag: CATEGORY_TAGS.printer,
    weights: { person: 3, organization: 20 },
    issues: [
      issue('打印机卡纸', deskFault, '每打两三张就卡纸,纸盒已经换过新纸。', '双面打印的时候一定会卡在后盖那里。'),
      issue(
        '打印机脱机',
        deskFault,
        '电脑上一直显示打印机脱机,打印机本身是开着的。',
        '换了新电脑以后就找不到这台打印机了。',
      ),
      issue('复印件有黑色条纹', deskFault, '复印出来的每一页中间都有一条黑线。', '扫描玻璃擦过了,条纹还在。'),
      issue(
        '刚换硒鼓仍提示碳粉不足',
        deskFault,
        '新硒鼓装上去还是提示碳粉不足,打不出来。',
        '面板一直报更换墨粉,可是昨天才换过。',
      ),
      issue(
        '新打印机安装调试',
        install,
        '新到一台彩色多功能一体机,需要上门安装并连到内网。',
        '财务室要加一台打印机,需要装驱动和配扫描到邮箱。',
      ),
    ],
  },
  {
    category: 'network',
    tag: CATEGORY_TAGS.network,
    weights: { person: 6, organization: 20 },
    issues: [
      issue(
        '办公室网络时断时续',
        deskFault,
        '从早上开始网络一会儿通一会儿断,视频会议总掉线。',
        '有线网每隔十几分钟就断一次。',
      ),
      issue(
        '无线网连不上',
        remoteFault,
        '手机能搜到公司 Wi-Fi,但是一直提示密码错误。',
        '笔记本连上无线以后显示无网络访问。',
      ),
      issue('VPN 连接失败', remoteFault, '在家登录 VPN 一直提示认证失败。', 'VPN 连上几分钟就自动断开。'),
      issue('整层断网', deskUrgent, '五楼整层都上不了网,影响全部门办公。', '机房停电恢复以后,三楼和四楼一直没有网络。'),
      issue(
        '交换机指示灯异常',
        { ...deskFault, fieldShare: 0.5 },
        '机柜里交换机一排灯都在快闪,部分工位没网。',
        '核心交换机有一个口一直亮橙灯。',
      ),
    ],
  },
  {
    category: 'it',
    tag: CATEGORY_TAGS.it,
    weights: { person: 3, organization: 18 },
    issues: [
      issue('电脑开机蓝屏', deskFault, '今天开机直接蓝屏,重启好几次都一样。', '用着用着就蓝屏重启,里面有重要资料。'),
      issue(
        '邮箱无法收发邮件',
        remoteFault,
        '从昨天下午开始收不到外部邮件。',
        'Outlook 一直提示需要密码,输入以后还是弹。',
      ),
      issue(
        '账号被锁定',
        deskQuestion,
        '密码输错几次以后账号被锁了,登录不了系统。',
        '改完密码以后所有系统都登录不上。',
      ),
      issue(
        '申请安装办公软件',
        deskQuestion,
        '新同事入职,需要装办公套件和输入法。',
        '想申请安装一个看图软件,请帮忙开通权限。',
      ),
      issue('共享盘无法访问', remoteFault, '部门共享盘打不开,提示没有权限。', '映射的网络驱动器突然不见了。'),
    ],
  },
  {
    category: 'water_purifier',
    tag: CATEGORY_TAGS.water_purifier,
    weights: { person: 22, organization: 5 },
    issues: [
      issue(
        '净水器漏水',
        fieldRepair,
        '厨房水槽下面的净水器一直在渗水。',
        '早上起来发现柜子里全是水,已经把进水阀关了。',
      ),
      issue('净水器出水量变小', fieldRepair, '出水越来越慢,接一杯水要等很久。', '纯水龙头只滴水,热水功能也没了。'),
      issue('滤芯到期预约更换', upkeep, '机器提示滤芯到期,想约个时间上门更换。', 'PP 棉和活性炭滤芯都到期了。'),
      issue('净水器显示 E1 故障代码', fieldRepair, '面板上红灯闪烁,显示 E1。', '制水的时候报 E1,然后就停机了。'),
      issue(
        '净水器上门安装',
        install,
        '买了一台厨下式净水器,需要师傅来装。',
        '新房装修好了,想约净水器和管线机一起装。',
      ),
    ],
  },
  {
    category: 'appliance',
    tag: CATEGORY_TAGS.appliance,
    weights: { person: 30, organization: 5 },
    issues: [
      issue('洗衣机不排水', fieldRepair, '洗完以后桶里一直有水,排不出去。', '脱水的时候报 E2,衣服全是湿的。'),
      issue('冰箱冷藏室不凉', fieldRepair, '冷冻正常,冷藏室温度一直很高,菜都坏了。', '冰箱后面很烫,压缩机一直响。'),
      issue(
        '燃气热水器打不着火',
        fieldRepair,
        '打开热水只听到咔哒声,一直点不着。',
        '洗到一半突然变成冷水,显示屏报故障。',
      ),
      issue('油烟机噪音大', fieldRepair, '开大档的时候声音特别大,还有点抖。', '油烟机吸力明显变小,噪音很大。'),
      issue('洗碗机安装', install, '新买的嵌入式洗碗机,需要改一下进排水。', '洗碗机到货了,橱柜已经预留好位置。'),
    ],
  },
];

export const ZH_CONTEXT: Readonly<Record<'person' | 'organization', DemoContexts>> = {
  person: {
    general: ['已经断电重启过,问题还在。', '上个月也出现过一次,后来自己好了。', '这个问题已经好几天了。'],
    visit: [
      '机器买了不到一年,应该还在保修期内。',
      '家里有老人和小孩,希望尽快处理。',
      '白天家里没人,最好安排在晚上六点以后。',
      '周末两天都有人在家。',
      '保修卡找不到了,发票还在。',
    ],
  },
  organization: {
    general: [
      '已经影响到整个楼层的正常办公。',
      '下周有重要客户来访,希望本周内解决。',
      '合同里写的是四小时响应,请按合同处理。',
      '我们这边有专人对接,有问题直接联系行政。',
    ],
    visit: ['到了直接找前台,会有人带过去。', '这台设备去年报修过一次,维修单在行政那里。', '进园区需要提前登记车牌号。'],
  },
};

export const ZH_REQUEST_FIELD: readonly string[] = [
  '麻烦尽快安排师傅上门看看。',
  '上门前请先打电话确认时间。',
  '希望今天能有人过来处理。',
  '请带好配件过来,别再跑第二趟。',
];

export const ZH_REQUEST_DESK: readonly string[] = [
  '请尽快回复,谢谢。',
  '麻烦远程协助一下。',
  '处理好了请告诉我一声。',
  '比较着急,麻烦优先处理。',
];
