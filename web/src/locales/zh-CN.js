export default {
  app: { title: '行政执法全过程记录系统', short: '全过程记录', logout: '退出登录', language: 'English' },
  menu: {
    workbench: '工作台', cases: '案件', upload: '上传', approvals: '审批', devices: '设备',
    compliance: '合规', accounts: '账号与角色', system: '系统状态', ledger: '审计账本',
  },
  login: {
    title: '登录', person: '用户名', password: '密码', submit: '登录',
    failed: '用户名或密码错误', locked: '账号已锁定',
  },
  password: {
    title: '修改初始密码', old: '原密码', new: '新密码', repeat: '确认新密码', submit: '修改密码',
    mismatch: '两次输入的新密码不一致', done: '密码已修改', rule: '至少 10 位，包含大小写字母、数字、符号中的三类',
  },
  workbench: {
    todo: '待办事项', chart: '本科室合规情况', due: '期限', rule: '规则', object: '对象',
    message: '说明', case: '案件', none: '暂无待办事项', severity: '严重程度',
  },
  severity: { violation: '违规', warning: '预警', reminder: '提醒' },
  cases: {
    list: '案件列表', number: '案件编号', title: '案由', kind: '类型', stage: '阶段', section: '科室',
    officers: '执法人员', parties: '当事人', search: '搜索编号或案由', open: '新建案件',
    detail: '案件详情', timeline: '办案阶段', textRecords: '文字记录', avRecords: '音像记录',
    missing: '缺少的文书', retention: '保管期限', events: '账本记录', advance: '进入下一阶段',
    reason: '理由', segments: '视频片段', gaps: '中断', checklist: '现场记录要点',
    explain: '说明原因', all: '全部',
  },
  upload: {
    title: '上传音像记录与文书', drop: '将文件拖到此处，或点击选择', progress: '进度', digests: '摘要',
    resume: '断点续传', done: '上传完成', record: '音像记录编号',
  },
  approvals: { copies: '当事人复制申请', approve: '批准', refuse: '不予批准', note: '意见', party: '申请人', purpose: '用途' },
  devices: { serial: '设备编号', type: '类型', section: '科室', history: '领用记录', holder: '领用人', from: '起', to: '止' },
  compliance: { title: '合规报告', export: '导出 Excel', rule: '规则' },
  accounts: { person: '人员', roles: '角色', locked: '锁定至', reset: '重置密码' },
  system: { health: '运行状态', metrics: '运行指标' },
  ledger: { checkpoint: '最新检查点', verify: '核验账本', ok: '账本核验通过', entries: '账本记录', seq: '序号', type: '事件', actor: '操作人', time: '时间', outcome: '结果' },
  common: { save: '保存', cancel: '取消', confirm: '确定', refresh: '刷新', loading: '加载中', error: '操作失败', ok: '操作成功', actions: '操作' },
}
