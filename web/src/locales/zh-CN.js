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
    longTermTag: '长期保存',
    list: '案件列表', number: '案件编号', title: '案由', kind: '类型', stage: '阶段', section: '科室',
    officers: '执法人员', parties: '当事人', search: '搜索编号或案由', open: '新建案件',
    detail: '案件详情', timeline: '办案阶段', textRecords: '文字记录', avRecords: '音像记录',
    missing: '缺少的文书', retention: '保管期限', events: '账本记录', advance: '进入下一阶段',
    reason: '理由', segments: '视频片段', gaps: '中断', checklist: '现场记录要点',
    explain: '说明原因', all: '全部',
    classification: '密级', opened: '立案时间', docType: '文书', docTitle: '标题', longTerm: '长期保存',
    expires: '到期', proxy: '代理文件', noSegments: '尚无上传的片段', notResumed: '未恢复',
    voiceExplained: '已语音说明', chooseReason: '请先选择中断原因', officerId: '执法人员账号',
  },
  upload: {
    title: '上传音像记录与文书', drop: '将文件拖到此处，或点击选择', progress: '进度', digests: '摘要',
    resume: '断点续传', done: '上传完成', record: '音像记录编号',
    recordHint: '可选：片段归入的记录', file: '文件', play: '播放 / 预览', resumed: '已从 {percent}% 处续传',
    failed: '上传中断，网络恢复后将自动重试', attachedAv: '已归入音像记录 #{id}',
  },
  approvals: { agree: '同意', disposals: '到期案卷销毁申请', copies: '当事人复制申请', approve: '批准', refuse: '不予批准', note: '意见', party: '申请人', purpose: '用途', state: '状态', case: '案件', requested: '申请时间' },
  devices: { current: '在用', types: { body_camera: '执法记录仪', camera: '照相机', recorder: '录音笔' }, serial: '设备编号', type: '类型', section: '科室', history: '领用记录', holder: '领用人', from: '起', to: '止' },
  compliance: { title: '合规报告', export: '导出 Excel', rule: '规则', officer: '执法人员', query: '查询', generated: '生成于', responsible: '责任人' },
  accounts: {
    person: '姓名', id: '账号', roles: '角色', locked: '锁定至', reset: '重置密码', state: '状态',
    inactive: '已停用', mustChange: '待修改初始密码', normal: '正常', failed: '失败次数',
    newPassword: '新的初始密码', resetHint: '重置后该人员须在下次登录时自行修改密码，已有会话将结束。',
  },
  system: {
    health: '运行状态', metrics: '运行指标', up: '运行正常', down: '无法连接', ledgerEntries: '账本条目',
    uploads: '上传次数', uploadBytes: '上传数据量', serverErrors: '服务器错误', clientErrors: '请求被拒',
    requests: '成功请求',
  },
  ledger: { failed: '账本核验发现 {n} 处问题：', checked: '已核验 {entries} 条记录、{checkpoints} 个检查点', checkpoint: '最新检查点', verify: '核验账本', ok: '账本核验通过', entries: '账本记录', seq: '序号', type: '事件', actor: '操作人', time: '时间', outcome: '结果' },
  roles: {
    officer: '执法人员', archivist: '科室档案员', section_head: '科室负责人', legal_reviewer: '法制审核人员',
    principal_leader: '主要领导', sysadmin: '系统管理员', secadmin: '安全管理员', auditor: '安全审计员',
  },
  errors: { status: '服务器返回错误（{status}）', network: '无法连接服务器，请检查网络' },
  common: { save: '保存', cancel: '取消', confirm: '确定', refresh: '刷新', loading: '加载中', error: '操作失败', ok: '操作成功', actions: '操作', none: '暂无' },
}
