/** A coded term of the app's vocabularies, with its Vietnamese label. */
export interface Term {
  code: string;
  label: string;
  /** No longer offered for new records; old records keep it and stay readable. */
  retired?: boolean;
}

/** How a channel is counted: radio airs repeat, online posts are counted once and have views. */
export type ChannelKind = 'broadcast' | 'online' | 'press' | 'onsite';

export interface Channel extends Term {
  kind: ChannelKind;
}

export interface Topic extends Term {
  /** The full wording of the plan's content area, shown as help text. */
  description: string;
}

export interface Vocabulary {
  channels: Channel[];
  formats: Term[];
  topics: Topic[];
  units: Term[];
}

// Channels from the An Hải (II.2) and Lạc Phượng (2.6) plans.
export const CHANNELS: Channel[] = [
  { code: 'radio', label: 'Truyền thanh', kind: 'broadcast' },
  { code: 'portal', label: 'Cổng TTĐT', kind: 'online' },
  { code: 'fanpage', label: 'Fanpage', kind: 'online' },
  { code: 'zalo-oa', label: 'Zalo OA', kind: 'online' },
  { code: 'zalo-mini-app', label: 'Zalo mini app', kind: 'online' },
  { code: 'youtube', label: 'YouTube', kind: 'online' },
  { code: 'press', label: 'Báo chí', kind: 'press' },
  { code: 'noticeboard', label: 'Bảng tin', kind: 'onsite' },
  { code: 'banner', label: 'Băng rôn/khẩu hiệu', kind: 'onsite' },
  { code: 'meeting', label: 'Hội nghị/họp dân', kind: 'onsite' },
];

// Formats ("hình thức thể hiện") named in the plans.
export const FORMATS: Term[] = [
  { code: 'news', label: 'Tin' },
  { code: 'article', label: 'Bài' },
  { code: 'report', label: 'Phóng sự' },
  { code: 'section', label: 'Chuyên mục' },
  { code: 'audio', label: 'File âm thanh' },
  { code: 'video', label: 'Video clip' },
  { code: 'photo', label: 'Ảnh' },
  { code: 'infographic', label: 'Infographic' },
  { code: 'slogan', label: 'Khẩu hiệu, pano' },
  { code: 'other', label: 'Khác' },
];

// The content areas of the An Hải ward plan 2026, section II.1 a–n (Vietnamese letters, no f/j).
export const TOPICS: Topic[] = [
  { code: 'a', label: 'a) Chủ trương, chính sách, pháp luật về CCHC', description: 'Quan điểm, chủ trương của Đảng, chính sách, pháp luật của Nhà nước về cải cách hành chính.' },
  { code: 'b', label: 'b) Vai trò, trách nhiệm người đứng đầu', description: 'Vai trò, trách nhiệm của cấp ủy, người đứng đầu; trách nhiệm giải trình, minh bạch trong giải quyết thủ tục hành chính, phản ánh, kiến nghị.' },
  { code: 'c', label: 'c) Sắp xếp tổ chức bộ máy, chính quyền 02 cấp', description: 'Đổi mới, sắp xếp, kiện toàn tổ chức bộ máy; mô hình chính quyền địa phương 02 cấp.' },
  { code: 'd', label: 'd) Chương trình tổng thể CCHC 2021–2030', description: 'Tầm quan trọng, mục tiêu, tác động của CCHC; tiến độ, kết quả Chương trình tổng thể CCHC giai đoạn 2021–2030.' },
  { code: 'dd', label: 'đ) CCHC và môi trường đầu tư kinh doanh', description: 'CCHC góp phần cải thiện môi trường đầu tư kinh doanh, năng lực cạnh tranh, phát triển kinh tế - xã hội.' },
  { code: 'e', label: 'e) Kết quả CCHC, các chỉ số PAR Index, PCI, SIPAS, PAPI, DTI', description: 'Kết quả CCHC năm trước, phương hướng năm nay; giải pháp nâng cao PAR Index, PCI, SIPAS, PAPI, DTI.' },
  { code: 'g', label: 'g) Mô hình, điển hình tiên tiến; đạo đức công vụ', description: 'Biểu dương mô hình, điển hình trong CCHC; phản ánh, kiến nghị; văn hóa, đạo đức công vụ.' },
  { code: 'h', label: 'h) Quan hệ Nhà nước và Nhân dân; giám sát CCHC', description: 'Quyền, nghĩa vụ, trách nhiệm của cá nhân, tổ chức trong tham gia và giám sát cải cách hành chính.' },
  { code: 'i', label: 'i) Chỉ tiêu CCHC năm; 6 nội dung cải cách', description: 'Chỉ tiêu CCHC năm; cải cách thể chế, thủ tục hành chính, tổ chức bộ máy, chế độ công vụ, tài chính công, chính quyền điện tử, chính quyền số.' },
  { code: 'k', label: 'k) Chính quyền điện tử, chính quyền số, chuyển đổi số', description: 'Chương trình tổng thể CCHC gắn với chuyển đổi số; chính quyền điện tử, chính quyền số, thành phố thông minh.' },
  { code: 'l', label: 'l) Ứng dụng công nghệ thông tin trong CCHC', description: 'Đẩy mạnh ứng dụng công nghệ thông tin trong cải cách hành chính.' },
  { code: 'm', label: 'm) Dịch vụ công trực tuyến, thanh toán trực tuyến, đường dây nóng', description: 'Hướng dẫn dùng dịch vụ công trực tuyến, thanh toán trực tuyến; đường dây nóng tiếp nhận phản ánh, kiến nghị; ISO 9001, ISO 18091.' },
  { code: 'n', label: 'n) Cuộc thi về cải cách hành chính', description: 'Khuyến khích hưởng ứng cuộc thi cải cách hành chính và các cuộc thi trực tuyến khác.' },
];

// Responsible units named in the An Hải plan, section V.
export const UNITS: Term[] = [
  { code: 'tt-dvsnc', label: 'Trung tâm Dịch vụ sự nghiệp công' },
  { code: 'vp-hdnd-ubnd', label: 'Văn phòng HĐND và UBND' },
  { code: 'tt-phcc', label: 'Trung tâm Phục vụ hành chính công' },
  { code: 'vh-xh', label: 'Phòng Văn hóa - Xã hội' },
  { code: 'kt-ht-dt', label: 'Phòng Kinh tế, Hạ tầng và Đô thị' },
  { code: 'mttq', label: 'Ủy ban MTTQ Việt Nam' },
];

/**
 * The topic code under which items without a topic ("Chưa phân loại": an import may leave an item so,
 * until someone classifies it) are counted. Never a code of the vocabulary: those are made of a–z, 0–9
 * and hyphens (`codeFor`). Both engines count under it, and the reports show it as its own row.
 */
export const UNCLASSIFIED = '_none';
export const UNCLASSIFIED_LABEL = 'Chưa phân loại';

/** The topic codes an item counts under: each of its topics once, or UNCLASSIFIED when it has none. */
export function topicCodesOf(topics: readonly string[]): string[] {
  return topics.length ? [...new Set(topics)] : [UNCLASSIFIED];
}

/** The vocabularies as served by the app (until settings make units and topics editable). */
export function defaultVocabulary(): Vocabulary {
  return { channels: CHANNELS, formats: FORMATS, topics: TOPICS, units: UNITS };
}

/** The label of a code, or the code itself when the term is unknown (old data stays readable). */
export function labelOf(terms: readonly Term[], code: string): string {
  return terms.find((t) => t.code === code)?.label ?? code;
}

export function hasCode(terms: readonly Term[], code: string): boolean {
  return terms.some((t) => t.code === code);
}

/** Whether a code may be chosen now: an active term, or the value the record already has. */
export function isChoosable(terms: readonly Term[], code: string, current?: string | readonly string[]): boolean {
  const term = terms.find((t) => t.code === code);
  if (!term) return false;
  if (!term.retired) return true;
  return typeof current === 'string' ? current === code : !!current?.includes(code);
}

export function channelKind(code: string): ChannelKind | undefined {
  return CHANNELS.find((c) => c.code === code)?.kind;
}

/** Online channels have views and interactions. */
export function isOnlineChannel(code: string): boolean {
  return channelKind(code) === 'online';
}

/** Posts (online and press) are counted once: their play count is always 1. */
export function isSinglePlayChannel(code: string): boolean {
  const kind = channelKind(code);
  return kind === 'online' || kind === 'press';
}
