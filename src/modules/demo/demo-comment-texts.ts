import type { DemoLanguage } from './demo.types.ts';

type ByTicketType = { readonly desk: readonly string[]; readonly field: readonly string[] };

export type DemoCommentTexts = {
  // A customer nudging a ticket nobody has picked up yet.
  readonly chaser: readonly string[];
  readonly customerReply: ByTicketType;
  readonly agentReply: ByTicketType;
  readonly internalNote: ByTicketType;
  // Last public reply on a resolved or closed ticket.
  readonly resolution: ByTicketType;
  // Last public reply on a cancelled visit.
  readonly cancellation: readonly string[];
};

const ZH: DemoCommentTexts = {
  chaser: [
    '请问有人处理吗?',
    '提交好一会儿了,还没有人联系我。',
    '麻烦尽快安排一下,谢谢。',
    '补充一下:设备型号在机身侧面的铭牌上。',
  ],
  customerReply: {
    desk: [
      '好的,谢谢。',
      '按你们说的重启过了,还是不行。',
      '问题还没解决,麻烦再看一下。',
      '截图已经发过去了,请查收。',
      '这个问题已经是第二次反馈了,希望尽快处理。',
      '现在可以了,谢谢!',
      '请问今天能处理好吗?',
    ],
    field: [
      '好的,我在家等。',
      '请问师傅大概几点能到?',
      '今天下午两点以后都有人在。',
      '可以,明天上午方便。',
      '照片已经发过去了,请查收。',
      '师傅还没到,能帮忙催一下吗?',
      '配件什么时候能到?已经等了好几天了。',
    ],
  },
  agentReply: {
    desk: [
      '您好,已收到您的反馈,我们正在核实,请稍候。',
      '麻烦提供一下设备型号和购买日期,方便确认保修状态。',
      '请先断电五分钟再重新开机,看看能否恢复。',
      '已转给二线技术支持,工程师今天内会联系您。',
      '我们已经远程调整了配置,请您再试一次。',
      '感谢耐心等待,问题原因已找到,正在处理中。',
    ],
    field: [
      '已为您安排工程师上门,预计明天上午九点到十二点之间到达。',
      '工程师已出发,预计四十分钟内到达,请保持电话畅通。',
      '所需配件已到货,我们会尽快和您确认上门时间。',
      '您好,已收到报修,调度正在为您安排附近的工程师。',
      '工程师今天行程较满,改约到明天下午可以吗?',
    ],
  },
  internalNote: {
    desk: [
      '客户第二次来电催促,请优先处理。',
      '已查询购买记录,设备仍在保修期内。',
      '疑似与上周的工单重复,已关联。',
      '远程协助已完成驱动重装,待客户确认。',
      '客户语气较急,回访时注意沟通方式。',
    ],
    field: [
      '配件缺货,已申请从总仓调拨,预计两天到货。',
      '现场检查为启动电容损坏,已更换。',
      '客户要求周末上门,已和工程师确认。',
      '需要两人作业,已协调同组工程师一起去。',
      '已查询保修记录,本次上门免收服务费。',
      '上次维修后同一故障复发,需要重点排查。',
    ],
  },
  resolution: {
    desk: [
      '问题已处理,如还有异常请直接回复本工单。',
      '已为您重置完成,后续有问题随时联系我们。',
      '本次问题已解决,感谢您的耐心配合。',
    ],
    field: [
      '维修已完成,稍后会有回访短信,请您评价本次服务。',
      '工程师已完成上门服务,设备运行正常。',
      '更换配件后已试机正常,保修单已留给客户。',
    ],
  },
  cancellation: ['客户表示问题已自行恢复,本次上门取消。', '客户改约后联系不上,工单先取消,如需服务请重新报修。'],
};

const EN: DemoCommentTexts = {
  chaser: ['Any update on this?', 'Is anyone looking at this?', 'Adding a photo of the error message.'],
  customerReply: {
    desk: [
      'Thanks, I will try that.',
      'Restarted as suggested, still the same.',
      'Still not working, could you take another look?',
      'Screenshot attached.',
      'Works now, thank you!',
    ],
    field: [
      'OK, someone will be at reception.',
      'What time will the technician arrive?',
      'Tomorrow morning works for us.',
      'The technician has not arrived yet.',
    ],
  },
  agentReply: {
    desk: [
      'Thanks for reporting this, we are looking into it.',
      'Could you send us the device name and a screenshot of the error?',
      'I have escalated this to second-line support.',
      'We changed the configuration remotely, please try again.',
    ],
    field: [
      'A technician is booked for tomorrow between 9 and 12.',
      'The technician is on the way and should arrive within 40 minutes.',
      'The spare part has arrived, we will call you to schedule the visit.',
    ],
  },
  internalNote: {
    desk: [
      'Customer called again, please prioritise.',
      'Looks like a duplicate of last week’s ticket, linked.',
      'Remote session done, waiting for confirmation.',
    ],
    field: [
      'Part out of stock, transfer requested from the central warehouse.',
      'Second visit for the same fault, check thoroughly.',
      'Customer asked for a weekend visit, confirmed with the engineer.',
    ],
  },
  resolution: {
    desk: ['This is fixed now. Reply here if it happens again.', 'Resolved, thanks for your patience.'],
    field: ['Repair completed and tested on site.', 'The visit is done and the unit is working normally.'],
  },
  cancellation: ['Customer reported the issue resolved itself, visit cancelled.'],
};

export const COMMENT_TEXTS: Readonly<Record<DemoLanguage, DemoCommentTexts>> = { zh: ZH, en: EN };
