// The Chinese names staff read for the codes the API returns, where the API's meta does not carry
// them (complexity, urgency, visit method, the fields staff correct). One table for every page.

export const complexityNames = { simple: '简单（2个工作日）', complex: '复杂（3个工作日）' };
export const urgencyNames = { normal: '一般', urgent: '紧急' };
export const visitMethodNames = { phone: '电话', online: '网上', sms: '短信', on_site: '上门' };
/** The fields of a classifier suggestion staff may correct (Correction.field, event `corrected`). */
export const correctedFieldNames = { category: '类别', complexity: '复杂程度', urgency: '紧急程度', outOfScope: '不予受理', outOfScopeReasons: '不予受理理由', unit: '承办单位' };

/** Fields of a message whose change on its site the crawler records (MessageChange.field). */
export const siteFieldNames = { title: '标题', content: '正文', siteType: '网站上的类型', siteStatus: '网站上的状态', replyUnit: '回复单位', replyAt: '回复时间', replyText: '网站上的回复', upperDeadline: '上级办理时限' };
/** Why a case went to special supervision (专项督查), as scan-deadlines.ts records it. */
export const escalationReasonNames = { leader_marked: '领导重点批示', many_reporters: '群众反映较多', high_impact: '影响较大' };

/** { id, name } options for a select, from a names table. */
export const optionsOf = (names) => Object.entries(names).map(([id, name]) => ({ id, name }));
