/**
 * The rule table of the 不予受理 screening (第三条㈡; out-of-scope.ts applies it): each rule a
 * pattern, a reason, a weight, and the whole-text context that keeps it from firing (`unless`) or
 * that it needs (`onlyWith`). Data more than code: the screening's mechanism (noisy-OR per reason,
 * the shape cues, the learned model) lives in out-of-scope.ts.
 */
import type { OutOfScopeReason } from '../core/domain.js';

/** A test over the whole text: a regular expression (not /g), or two of them together. */
export interface TextTest {
  test(text: string): boolean;
}

export interface Rule {
  code: OutOfScopeReason;
  pattern: RegExp;
  /** How strongly one match supports the reason (0..1). */
  weight: number;
  /** The rule is skipped when the whole text matches this (a context that makes it a government matter). */
  unless?: TextTest;
  /** The rule counts only when the whole text also matches this (the context that gives the words their meaning). */
  onlyWith?: TextTest;
}

export const grandioseAll = /指战员|指挥官|国家领导人|主席令|外星|UFO|飞碟|阴阳术|辟邪|超能力|气功|脑电波|保密总署|反华势力|汉奸|卖国贼|核武器|三体|强击机|阴间|阎王|神灵|神通|通灵|脑控|读心术|意念控制|列强|集团军|军事行动|吞并|世界大战|上报主席|超自然/gi;
export const grandiose = new RegExp(grandioseAll.source, 'i');

/**
 * A court, as the legal_process rules look for it: not one named inside a cited title
 * (《…人民法院…》) nor a judicial interpretation's name (最高人民法院关于…). The look-behind sits
 * after the literal so that it runs only where 法院 was found.
 */
const court = '法院(?<!《[^《》]{0,30}法院)(?!关于)';
const arbitration = '(仲裁委|仲裁院|劳动仲裁)';

/**
 * Words that mark a pasted article: a news item's source line, original title or editor, a forum
 * repost line (转自…社区), an encyclopedia entry's citation marks ([1] … [2]).
 */
const pastedNews = /来源[:：]\s*\S{1,12}(报|网|社|台)|原标题|责任编辑|网易首页|[[【(（]?转自[^，。,\]】)）]{0,20}(社区|论坛|网|博客|微博|公众号|贴吧|http)|[[［]\d{1,2}[\]］](?=[\s\S]*[[［]\d{1,2}[\]］])/gi;
/**
 * A request for action on a local matter: an ask (请, 希望, 要求…) followed in the same sentence by
 * an act an office can do (关注, 处理, 制止, 查处…), or a question of how to get or why one did not
 * get what was promised (到哪办理, 为何…不兑现), in a text that names a local object (a housing
 * estate, a property company, a street, a bureau, 我市). Used to keep a concrete complaint or
 * question that quotes an article in scope.
 */
const localAskPattern = /(请|恳请|希望|要求|请求|盼)[^。！!？?\n]{0,30}(关注|处理|解决|制止|查处|整治|整改|调查|过问|督促|纠正|落实|恢复|补发|发放|支付|退还|取缔)/;
const localQuestion = /(到哪|去哪|在哪|哪里|怎么|怎样|如何)[^。！!？?\n]{0,4}(办理|申请|领取|报名)|(为何|为什么|何时|是否)[^。！!？?\n]{0,20}(兑现|发放|到位|开始|办理|补发|落实)/;
const localObject = /小区|物业|业主|街道|社区|村委|单位|学校|医院|(市|区|县|镇)(政府|领导)|[^结当布格]局(?!面|势|限)|公司|我市|本市|我区|本区|我县|本县/;
const localAsk: TextTest = { test: (text) => (localAskPattern.test(text) || localQuestion.test(text)) && localObject.test(text) };

/**
 * A writer's own entitlement (a title, a pension, pay, a benefit, a rehabilitation) asked of a
 * named local office (a bureau, the city or district government, the employer), or reproached to
 * it as not granted (不愿改正, 没有落实).
 */
const entitlement = /职称|待遇|退休金|退休工资|养老金|抚恤|工龄|工资|补贴|补助|低保|社保|医保|平反|编制/;
const localOffice = /[^结当布格]局(?!面|势|限)|(市|区|县|镇|乡)(政府|委)|街道办|人社|单位|学校/;
const entitlementAsk = /(请|恳请|希望|要求|请求|盼|应该|应当|不愿|不肯|拒不|没有|未能|不予)[^。！!？?\n]{0,30}(落实|纠正|改正|恢复|补发|发放|支付|评定|解决|平反)/;
const ownEntitlementAsk: TextTest = { test: (text) => entitlement.test(text) && localOffice.test(text) && entitlementAsk.test(text) };

/** A veteran's own matter (转业, 优抚, 安置…): a local office's business, whatever army words it holds. */
const veteransMatter = /转业|退役|退伍|复员|优抚|拥军|军属|军人|军转|安置|双拥|征兵|入伍|随军/;
/**
 * Buyers of flats waiting for them (购房, 交房, 房产证, a developer): a matter the city can act on
 * even when the land is the army's and the buyers have petitioned army bodies (test7).
 */
const flatBuyers = /购房|交房|房产证|开发商|楼盘/;

/** A firm speaking of itself (我们公司, 是一家…, 致力于…), or a contractor's team (本施工单位, 我是…施工队: test8). */
const firmSpeaks = /(本|我|我们)(公司|企业|集团|司)|是一家|致力于|(领先|知名|龙头|高科技|高新技术)的?(企业|公司)|我们是[^，。,]{2,30}(公司|集团)|(本|我们)(施工队|施工单位|工程队)|(我|我们)是[^，。,]{0,12}(施工队|工程队|厂家)/;

/**
 * The writer asks for legal aid or judicial aid (法律援助, 司法救助): a justice bureau's service the
 * government can answer, even when the writer's case is in court (test8: a robbery victim whose
 * case had a hearing asks where to apply). Keeps every legal_process rule from firing.
 */
const asksForLegalAid = /(申请|办理|寻求|获得|需要)[^，。,]{0,6}(法律援助|司法救助)|(法律援助|司法救助)[^，。,]{0,6}(申请|哪里|怎么|如何|手续)/;

/** A seller or contractor complaining of being owed or cheated: its own words of trade are not a pitch then. */
const sellerComplains = /拖欠|欠款|工程款|投诉|举报|被骗|讨要|追讨/;

export const rules: Rule[] = [
  // 5 已进入诉讼、仲裁、行政复议等法定程序. Court words also appear where no matter of the
  // writer's is in process: a law or a judicial interpretation cited (《…》, 最高人民法院关于…),
  // other courts' rulings given as an argument, a court that refused to file, a judgment named as
  // paperwork for another procedure, an agency's own 立案调查, a police case. The rules below
  // look for the step in process, not for the court's name.
  // Filed, appealed or applied, said as done (已/正在). An agency's or the police's 立案 (立案调查,
  // 公安已立案) is an investigation, not litigation.
  {
    code: 'legal_process',
    pattern: /(已|已经|正在|目前在)(向[^，。,]{0,8})?(起诉|上诉|诉讼|申请仲裁|申请劳动仲裁|申请行政复议|申请复议|打官司)|(已|已经)(向[^，。,]{0,8})?(?<!(公安|派出所|警方|分局|刑警|经侦|纪委|监委|监察|执法|监管|稽查|发改委)[^，。,]{0,4}(已|已经)(向[^，。,]{0,8})?)立案(?!调查|侦查|查处|侦办|审查)/g,
    weight: 0.85,
    unless: asksForLegalAid,
  },
  // A step of a court or arbitration body under way: hearing, trial, enforcement, seizure, a
  // first or second instance, a retrial (申请再审, 再审判决; not 不再审批, nor 再审 meaning "check again"). A court or
  // arbitration body that has not filed or accepted the case (不予受理, 不给立案) is not. A court
  // named in a cited title (《…人民法院审理…》, 最高人民法院关于审理…) is not.
  { code: 'legal_process', pattern: new RegExp(`${court}[^，。,]{0,6}(执行(?!完毕|结束|完了)|审理|开庭|调解|查封|解封|保全)|${court}[^，。,不未没拒难]{0,6}(受理|立案)|${arbitration}[^，。,]{0,6}(开庭|调解)|${arbitration}[^，。,不未没拒难]{0,6}(受理|立案)|一审|二审|(申请|提起|提出|启动|进入|驳回|决定|裁定|发回|依法)再审|再审(申请|程序|判决|裁定|案|法院|开庭|阶段|中)|执行庭|诉讼中|审理中|开庭|解查封|财产保全|(仍在|还在|正在)(诉讼|审理)|诉讼(拖延|拖|持续|进行)(至今|到现在|了?[一二三四五六七八九十0-9]+年)|诉讼(尚未|还没有?|没有?)(结束|结案|了结|完结|判决|处理完)`, 'g'), weight: 0.75, unless: asksForLegalAid },
  // A judgment awaited (至今没有判决), or one the message disputes or asks to overturn: the
  // court's way, not the government's.
  { code: 'legal_process', pattern: /(迟迟|至今|一直|还|仍|仍然|也)(不|未|没|没有|不见|未见)[^，。,]{0,6}(判决|裁决|宣判)|(撤销|推翻|纠正|改判)[^。，,；;]{0,40}(判决|裁定|裁决)|(判决|裁定|裁决)[^，。]{0,10}(错误|不公|有误(?!会))|不服[^，。]{0,10}(判决|裁定|裁决)/g, weight: 0.75, unless: asksForLegalAid },
  // A judgment, ruling or award as such: mostly concluded, cited (外地法院判决 as an argument), of someone
  // else's case, or paperwork for another procedure (a divorce judgment a notary asks for). Weak: it adds to a finding
  // above; alone or with one more of its kind (0.51) it stays below the threshold, where only the
  // learned model's support can lift it.
  { code: 'legal_process', pattern: new RegExp(`${court}[^，。,]{0,6}(判决|裁定)|${arbitration}[^，。,]{0,6}(裁决|判决)|判决书|裁定书|裁决书`, 'g'), weight: 0.3, unless: asksForLegalAid },
  // A judgment already being enforced: the court, not the government, carries it out.
  { code: 'legal_process', pattern: /(进入|处于|在)(法院)?(强制)?执行(程序|阶段)|执行程序中/g, weight: 0.7, unless: asksForLegalAid },
  // The review application itself, or a lawsuit's papers.
  { code: 'legal_process', pattern: /行政复议(申请|决定)|复议(申请书|材料)|(要求|请求)[^，。,《]{0,40}行政复议|上诉状|起诉状|民事判决/g, weight: 0.6, unless: asksForLegalAid },
  // Applying for a review, said without 已: as often a question (怎么申请行政复议), a plan, or a
  // review told as concluded history. Weak alone.
  { code: 'legal_process', pattern: /(申请|提起|提交|进行)[^，。,]{0,4}行政复议/g, weight: 0.45, unless: asksForLegalAid },
  // Labour or personnel arbitration still under way: filed and not yet decided (还没处理完, 尚未
  // 裁决, 等待开庭). A complaint about the arbitration body's handling is still for it and the
  // courts. "还没申请仲裁" (not filed) is not matched: the not-yet must follow 仲裁 and name its end.
  {
    code: 'legal_process',
    pattern: /仲裁[^\n]{0,60}(还没|还未|尚未|仍未|至今未|至今没|迟迟未|迟迟没|迟迟不)(有)?[^，。,\n]{0,4}(处理完|处理结束|结案|审结|裁决|出结果|出裁决|开庭)|仲裁[^，。,]{0,10}(正在|目前在|还在|仍在)[^，。,]{0,4}(审理|处理|进行)|(正在|目前在|还在|仍在)[^，。,]{0,6}仲裁|等待[^，。,]{0,6}(仲裁结果|仲裁裁决|裁决|开庭)/g,
    weight: 0.7,
    unless: asksForLegalAid,
  },
  // An award or judgment that is not being enforced: the court's enforcement is the way.
  { code: 'legal_process', pattern: /(仲裁|判决|裁决|调解书)[^，。,]{0,4}(不执行|未执行|执行不了|得不到执行|拒不执行|无法执行)|执行难|强制执行申请|申请(法院)?强制执行/g, weight: 0.7, unless: asksForLegalAid },
  // A letter written as a lawsuit: its parties named as 原告 and 被告 (not 被告知/被告诉, "was
  // told"), its claims as 诉讼请求. Whether or not it says the suit is filed, the writer treats the
  // matter as one for a court. One word is weak (a consumer report may call the seller 被告);
  // two distinct ones, or one with a judgment named, flag.
  { code: 'legal_process', pattern: /原被告|原告|被告(?![知诉])|被上诉人|诉讼请求/g, weight: 0.45, unless: asksForLegalAid },
  // Courts and procuratorates are outside the government's authority (涉法涉诉).
  { code: 'legal_process', pattern: /(法官|法院|检察院|检察官)[^。]{0,10}(枉法|不公|徇私|包庇|打人|殴打|群殴|暴力|刁难|不作为)/g, weight: 0.8, unless: asksForLegalAid },
  // 6 已定性且实行信访终结处理
  { code: 'petition_concluded', pattern: /信访终结|终结信访|终结处理|已终结|复查复核|信访事项[^，。,]{0,8}终结|三级终结/g, weight: 0.85 },
  // 7 其他: the matter is already being handled as a petition (信访) case elsewhere, or the post
  // is itself a petition review application (信访条例: 复查, then 复核); a question about how to
  // apply is not (no 申请书/申诉书).
  { code: 'other', pattern: /信访编号|(已|已经)(走|进入|在走)信访程序|信访部门已(经)?受理|(复查|复核)(申请|申诉)书/g, weight: 0.6 },
  { code: 'other', pattern: /信访案件/g, weight: 0.4 },
  { code: 'other', pattern: /(巡视组|督察组|督查组)[^，。,]{0,6}(督办|交办|转办)/g, weight: 0.45 },
  // 2 商业广告或要求赞助
  { code: 'advertising', pattern: /(请求|寻求|拉|恳请|希望)[^，。,]{0,6}赞助|赞助(费|商)|冠名/g, weight: 0.8 },
  { code: 'advertising', pattern: /欢迎(来电|垂询|咨询|订购|选购|加盟)|诚招(代理|加盟)|招商加盟|代理加盟|加盟热线|(专业|承接)[^，。,]{0,8}(代办|办理|装修|维修|贷款)|(优惠|特价|折扣)(活动|促销)/gi, weight: 0.8, unless: sellerComplains },
  // A WeChat id offered is sales talk, unless the writer complains about whoever it belongs to
  // (a complaint cites the firm's contact details: test7).
  { code: 'advertising', pattern: /微信号?[:：]?\s?[a-z0-9_-]{5,}/gi, weight: 0.8, unless: /投诉|举报|被骗|受骗|维权|退款|退费|欺诈|诈骗/ },
  { code: 'advertising', pattern: /本公司|我公司(主营|专业|提供)|产品(畅销|热销)|点击链接|扫码(领取|关注)/g, weight: 0.45 },
  // A firm pitching itself to the government: an offer only a seller makes (no public money
  // needed, a plan made to measure, a partnership sought, a gift to raise the firm's name), in a
  // text where a firm speaks of itself. A citizen or a firm with a problem does not offer terms.
  // Contract forms (特许经营, 合作模式, 合同能源管理) are left out: a firm in a dispute with the
  // government over such a contract names them too.
  {
    code: 'advertising',
    pattern: /(无需|不需|不用|不要)政府[^，。,]{0,4}(投资|出资|担保|花钱)|量身定制[^，。,]{0,6}(方案|服务)|(扩大|提升|提高|打响)[^，。,]{0,4}(企业|公司|品牌|产品)的?(知名度|影响力)|(寻求|洽谈|愿与|愿意与|希望与)[^，。,]{0,10}(政府|贵市|贵区|贵县|贵局|贵单位)[^，。,]{0,6}合作/g,
    weight: 0.65,
    onlyWith: firmSpeaks,
  },
  // The same pitch when a firm asks for the region's lists or data for its own platform (告知我们
  // 贵市的…名单), offers to publish them (我们负责…上传) or to "build together" (携手共建): a firm
  // with a problem asks for its own records, not the region's.
  {
    code: 'advertising',
    pattern: /(告知|提供|共享|开放)给?(我们|我司|我公司|本公司)[^。！!？?]{0,6}(贵市|贵区|贵县|贵局|贵单位|贵地|各地|全市|全区|全县)[^。！!？?]{0,30}(名单|信息|数据|资料)|(我们|我司|本公司|我公司)负责[^，。,]{0,10}(上传|发布|收录|推广|宣传)|携手共建/g,
    weight: 0.65,
    onlyWith: firmSpeaks,
  },
  // (Above: not when the writer complains of being owed or cheated, e.g. a team that 承接了 a school's
  // repairs and was not paid: sellerComplains.)
  // A seller asking how to win the government's or public bodies' work for itself (能否承包各
  // 单位的…, 如何承接政府项目): a pitch, in a text where a firm or a contractor's team speaks of
  // itself (test8's pipe-cleaning team). A firm owed money for such work complains instead.
  {
    code: 'advertising',
    pattern: /(能|可以|能否|可否|如何|怎样|怎么|想)(承包|承揽|承接|参与)[^，。？?]{0,10}(单位|政府|部门|机关|学校|医院)[^，。？?]{0,8}(工程|施工|项目|业务|清洗|维修|采购|服务)?/g,
    weight: 0.65,
    onlyWith: firmSpeaks,
    unless: sellerComplains,
  },
  // Sales talk that a complaint about a seller does not use; two distinct cues, or one with the
  // cues above, flag.
  { code: 'advertising', pattern: /量大从优|价格(优惠|面议|实惠)|质优价廉|物美价廉|造价低廉|价格低廉|效果最佳|厂家直销|批发零售|诚聘|高薪(诚聘|招聘)|免费(试用|领取|送货|体验)|全国包邮|(订购|订货|报名|招商|销售)热线|一条龙服务|竭诚为您|欢迎新老(客户|顾客)/g, weight: 0.45 },
  // 3 纯属个人问题，与政府职责无关
  { code: 'personal', pattern: /借(钱|款|给|走|了|去)[^。]{0,20}(不还|未还|没还|拒不归还|联系不上|消失|跑了)|欠(我|本人)?[^，。,]{0,6}钱不还|私人(借贷|债务|恩怨)/g, weight: 0.75 },
  { code: 'personal', pattern: /(理财款|投资款|借款|欠款|欠条|借条)[^。]{0,30}(未还|不还|没还|拒不归还|不给还|至今未归还)/g, weight: 0.65 },
  // The general shape of a private debt: money lent (借, the north-east's 抬钱 for borrowing at
  // interest), money "owed to me" (欠我…钱/款/元, incl. a firm's unpaid bill for goods) or an IOU,
  // then a failure to repay within the sentence. A civil claim for the courts; a refund (不退)
  // is a consumer matter and not matched. Wages are skipped (labour inspection acts on them), and
  // so are debts of a public body (a village committee, a government office, a state farm), which
  // the government can make pay.
  {
    code: 'personal',
    pattern: /((借|抬)[^，。,！!？?；;]{0,8}(钱|款)|欠(我|我们|我家|本人|俺|俺家)[^，。,！!？?；;]{0,8}(钱|款|元)|借条|欠条|借据|欠据)[^。！!？?]{0,30}(不还|没还|未还|不归还|未归还|没有还|不偿还|拒不偿还|还不上|要不回|讨不回|要不上|赖账|赖帐|联系不上|失联|跑了|跑路|拉黑)/g,
    weight: 0.7,
    unless: /拖欠[^，。,]{0,8}(工资|薪|工钱)|欠薪|欠[^，。,]{0,4}工资|农民工|(村委|政府|街道办|国营|国有|事业单位)[^，。,]{0,8}欠/,
  },
  // A deposit or rent quarrel with a private landlord or tenant (not an agency, a firm or a scam).
  { code: 'personal', pattern: /(房东|房主|租客)[^。]{0,24}(押金|房租)[^。]{0,10}(不退|不给|不还|不返还|拒绝退)|(房东|房主|租客)[^。]{0,12}(不退|不给|不还|不返还)[^。]{0,6}(押金|房租)/g, weight: 0.6, unless: /中介|冒充|诈骗|骗子|骗局|公寓|公司/ },
  // A private party who caused an injury (a driver, an attacker, a pet's owner) and will not pay
  // for it, or has stopped paying and cannot be reached: a civil claim between private people.
  // The party must be named: a shop or a site that will not pay is a matter for its regulator.
  // Skipped when the police or a traffic police are part of it (their handling can be asked
  // about) and when the other side is a firm, an employer or an insurer (regulators act on those).
  {
    code: 'personal',
    pattern: /(肇事者|肇事方|肇事司机|伤人者|伤人方|打人者|打人方|宠物主人|狗主人|犬主)[^。！!？?\n]{0,60}(不给|不愿|不肯|拒绝|拒不|推脱|推诿|耍赖|赖账|无法接通|联系不上|失联)[^，。,！!？?\n]{0,6}/g,
    weight: 0.6,
    unless: /派出所|公安|民警|警察|交警|交通队|事故大队|保险公司|工伤|单位|老板|公司/,
    onlyWith: /医药费|医疗费|药费|疫苗|住院|治疗|赔偿|垫付/,
  },
  // Money handed to an acquaintance (a colleague, a friend, a relative) who then vanished: a
  // private loss the writer has not taken to the police.
  {
    code: 'personal',
    pattern: /(同事|朋友|同学|亲戚|熟人|老乡|邻居|战友|发小)[^。！!？?\n]{0,30}(钱|款|元|块|万|\d{3,})[^。！!？?\n]{0,30}(联系不上|失联|跑了|跑路|拉黑|玩失踪|人间蒸发)/g,
    weight: 0.6,
    unless: /报警|报案|公安|派出所|立案|传销|平台|公司|集资|理财/,
  },
  { code: 'personal', pattern: /(我想|想|帮我|帮忙)(找|寻找|联系)[^。]{0,20}(电话|地址|联系方式|下落)/g, weight: 0.65 },
  // A couple's quarrel. Not when the text asks for a procedure a public office keeps (moving a
  // hukou out, a property title, a certificate): the ex-spouse is then only the obstacle, and the
  // police or civil affairs answer.
  {
    code: 'personal',
    pattern: /(男朋友|女朋友|前夫|前妻|老公|老婆|丈夫|妻子)[^。]{0,12}(出轨|分手|离婚|感情|外遇|不回家)|婚外情|第三者(?!责任|险|强制|商业)|彩礼/g,
    weight: 0.7,
    unless: /户口|户籍|迁出|迁走|迁入|落户|办理|手续|过户|更名|房产证|房照|不动产证|离婚证|结婚证/,
  },
  { code: 'personal', pattern: /家庭矛盾|家庭纠纷|婆媳|兄弟姐妹[^，。,]{0,6}(纠纷|矛盾)|遗产[^，。,]{0,6}(纠纷|分配|争)/g, weight: 0.55 },
  // 4 不属政府管理权限范围
  { code: 'outside_authority', pattern: /(建议|希望|要求)(国家|中央|全国人大|国务院)[^，。]{0,12}(修改|修订|出台|取消|废除|立法)|修改(宪法|法律)/g, weight: 0.6 },
  // A proposal for the whole nation: made for every Chinese citizen (14亿…公民) or binding every
  // body of the country (全国任何…机构). Weak: patriotic phrases also dress local complaints; it
  // flags with a second cue (a foreign power named, a national law asked for) or the learned model.
  { code: 'outside_authority', pattern: /(惠及|造福|确保|保障|维护)[^。，,]{0,8}(全部|全体|所有|每一个|每个)?(中国人|国人|中国公民|(14|十四|13|十三)亿[^。，,]{0,2}(公民|人民|人口|同胞|中国人))|(全国|中华人民共和国|我国)(任何|所有|一切)[^。，,]{0,8}(机构|部门|单位|公民|医院)/g, weight: 0.45 },
  { code: 'outside_authority', pattern: /(炒股|股票|期货|现货|外汇|虚拟币|比特币|数字货币)[^。]{0,20}(亏|被骗|损失|爆仓)/g, weight: 0.5 },
  { code: 'outside_authority', pattern: /(不属于|不在)[^，。,]{0,8}(政府|你们)[^，。,]{0,6}(管辖|职责|受理)/g, weight: 0.7 },
  // The army's own bodies and facilities: no district can act on them. Two distinct cues flag.
  { code: 'outside_authority', pattern: /部队|军队|军区|干休所|武警|驻军|军方/g, weight: 0.45, unless: { test: (text) => veteransMatter.test(text) || flatBuyers.test(text) } },
  // Private legal paperwork (guardianship, inheritance) is for notaries and courts.
  { code: 'outside_authority', pattern: /监护人[^，。,]{0,8}(变更|更改|继承)|(变更|更改)监护人|遗嘱(公证|继承)|继承权(纠纷|公证)/g, weight: 0.7 },
  // National defence and foreign affairs: no district can act on them. Two distinct cues flag.
  // Not when the writer asks a local office for something of their own that it can give (a
  // title, a pension, a benefit): foreign powers are then the essay's backdrop, not its matter.
  // 日本 after a day (2月1日本人, 今日本报) is a date and 本人 or 本报, not Japan.
  { code: 'outside_authority', pattern: /军事建议|作战状态|航母|舰队|军委|中央军事委员会|导弹|战斗机|空军|海军|贸易战|北约|联合国|外星|八国联军|中美|中日|美国|(?<![0-9０-９〇一二三四五六七八九十廿卅今昨明每当次节假生周平近同即翌连])日本|欧盟|外媒|关税/g, weight: 0.45, unless: { test: (text) => ownEntitlementAsk.test(text) || flatBuyers.test(text) } },
  // 1 无实质性内容，或事实不清、无法核实
  { code: 'no_substance', pattern: /^(测试|test|你好|您好|在吗|如题|同上|无|…+|\.+|1+|a+)[!！。.？?]*$/gi, weight: 0.9 },
  // "See the attachment": the attachment does not reach us. Weak alone; strong when little else is said.
  { code: 'no_substance', pattern: /详见附件|见附件|见上传|看上传|在附件|字数有限[^，。,]{0,8}(见|请)|内容见图片|见图片/g, weight: 0.4 },
  // The writer says the letter itself is in the attachment (全文见附件): what reached us is only
  // its opening, so the matter and the request cannot be read from it.
  { code: 'no_substance', pattern: /(全文|正文|原文|信件全文|全部内容)(详)?(见|在)(附件|上传|附图)/g, weight: 0.6 },
  // Grandiose or delusional talk (a recurring kind of post on every mailbox). Two distinct cues
  // flag, or one in a short post (see screenOutOfScope). A report of a cult (邪教) quotes the
  // cult's doomsday talk: a matter for the police, not the writer's own delusion.
  { code: 'no_substance', pattern: grandioseAll, weight: 0.45, unless: /邪教/ },
  // A grandiose self-description: the writer claims a rank no one writes to a mailbox from (the
  // army's supreme commander, a secret service's chief adviser, a reincarnation) or a secret
  // mandate. Counted as a grandiose cue of its own (two distinct cues flag).
  { code: 'no_substance', pattern: /(我是|本人是|本人系|本人为|我就是|我才是)[^，。,！!？?]{0,15}(首席顾问|总司令|总指挥|元帅|总参谋长|特使|特派员|钦差|国师|救世主|真命天子|转世|化身|统帅|最强)|秘密授权|最高授权/g, weight: 0.45 },
  // A pasted news article. A citizen may append one to a complaint of their own: when the text
  // also asks for action on a local matter, the cue is weak (it no longer flags alone).
  { code: 'no_substance', pattern: pastedNews, weight: 0.7, unless: localAsk },
  { code: 'no_substance', pattern: pastedNews, weight: 0.4, onlyWith: localAsk },
  // Pasted law: the message opens with a statute's article (第七十七条…) and quotes at least three:
  // the writer's own facts, if any, are a line at the end. A grandiose or delusional cue of the
  // kind below is a second cue (two flag). Weak alone: a complaint may quote the law it invokes.
  { code: 'no_substance', pattern: /^\s*第[一二三四五六七八九十百零〇\d]{1,6}条(?=(?:[\s\S]*?第[一二三四五六七八九十百零〇\d]{1,6}条){2})/g, weight: 0.45 },
  // Encoded or script garbage.
  { code: 'no_substance', pattern: /[%％][0-9a-f]{2}[%％][0-9a-f]{2}[%％]|<\/?script|《\/?script/gi, weight: 0.7 },
];
