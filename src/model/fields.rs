//! The keys of every YAML file qmsdoc reads: canonical English name, Vietnamese aliases
//! (folded: lower case, no diacritics, `_` between words), type and description.
//! The reader resolves keys with these tables and the JSON Schema is generated from them,
//! so a key is declared once.

pub struct Field {
    pub key: &'static str,
    pub aliases: &'static [&'static str],
    pub ty: Ty,
    pub vi: &'static str,
    pub en: &'static str,
}

pub enum Ty {
    Text,
    Int,
    Date,
    Duration,
    TextList,
    /// One of the values (canonical names first, aliases accepted too).
    Enum(&'static [&'static str]),
    /// A list of objects with these keys.
    List(&'static [Field]),
    /// An object with these keys.
    Object(&'static [Field]),
    /// Rule code or name → severity.
    Severities,
    /// "Name, Title" or `{ name, title }`.
    Person,
    Number,
}

const fn f(
    key: &'static str,
    aliases: &'static [&'static str],
    ty: Ty,
    vi: &'static str,
    en: &'static str,
) -> Field {
    Field {
        key,
        aliases,
        ty,
        vi,
        en,
    }
}

pub const KINDS: &[&str] = &[
    "procedure",
    "policy",
    "objectives",
    "manual",
    "form",
    "guide",
    "decision",
    "quy-trinh",
    "chinh-sach",
    "muc-tieu",
    "so-tay",
    "bieu-mau",
    "huong-dan",
    "quyet-dinh",
    "audit",
    "review",
    "corrective-action",
    "inspection",
    "report",
    "danh-gia-noi-bo",
    "xem-xet-lanh-dao",
    "hanh-dong-khac-phuc",
    "bien-ban-kiem-tra",
    "bao-cao",
];

pub const ACTION_STATUSES: &[&str] = &[
    "open",
    "in-progress",
    "closed",
    "chua-thuc-hien",
    "dang-thuc-hien",
    "da-hoan-thanh",
];

pub const STATUSES: &[&str] = &[
    "draft",
    "in-force",
    "superseded",
    "withdrawn",
    "du-thao",
    "hieu-luc",
    "thay-the",
    "bai-bo",
];

pub const LEGAL_STATUSES: &[&str] = &[
    "in-force",
    "amended",
    "replaced",
    "expired",
    "con-hieu-luc",
    "sua-doi",
    "bi-thay-the",
    "het-hieu-luc",
];

pub const SEVERITIES: &[&str] = &["error", "warning", "info", "off"];

pub const STEP: &[Field] = &[
    f(
        "label",
        &["buoc", "tt", "stt", "so_tt", "nhan"],
        Ty::Text,
        "Số thứ tự của bước như văn bản gốc ghi (\"Bước 1\", \"B1\", \"3\"); mặc định đánh số 1, 2, 3…",
        "The step's label as the source prints it (\"Bước 1\", \"B1\"); numbered 1, 2, 3… by default",
    ),
    f(
        "what",
        &["lam_gi", "cong_viec"],
        Ty::Text,
        "Làm gì: nội dung công việc của bước (đi cùng `how`)",
        "What is done in this step (with `how`)",
    ),
    f(
        "task",
        &["noi_dung", "noi_dung_cong_viec", "noi_dung_thuc_hien"],
        Ty::Text,
        "Nội dung công việc: một đoạn nói cả làm gì và làm như thế nào (thay cho `what` + `how`, như cột \"Nội dung công việc\" của bảng)",
        "What is done and how, as one text (instead of `what` + `how`, like a table's \"Nội dung công việc\" column)",
    ),
    f(
        "who",
        &["ai_lam", "nguoi_thuc_hien", "thuc_hien"],
        Ty::Text,
        "Ai làm: người/bộ phận thực hiện (bỏ trống thì là người chịu trách nhiệm)",
        "Who does it (the responsible one when left out)",
    ),
    f(
        "how",
        &["cach_lam", "cach_thuc", "lam_nhu_the_nao"],
        Ty::Text,
        "Làm như thế nào: cách thức, phần mềm, biểu mẫu",
        "How it is done: method, software, form",
    ),
    f(
        "responsible",
        &[
            "trach_nhiem",
            "chiu_trach_nhiem",
            "don_vi_thuc_hien",
            "bo_phan",
            "phan_cong",
        ],
        Ty::Text,
        "Trách nhiệm: đơn vị/người chịu trách nhiệm (và thực hiện, khi không có `who`)",
        "Who is accountable (and does it, when `who` is left out)",
    ),
    f(
        "time",
        &["thoi_gian", "thoi_gian_thuc_hien"],
        Ty::Duration,
        "Thời gian thực hiện bước (\"2 giờ làm việc\", \"1/4 ngày\", \"Không tính thời gian\", \"Giờ hành chính\", \"Ngay\")",
        "Time allowed for the step (\"2 working hours\", \"1/4 ngày\", \"Không tính thời gian\", \"Giờ hành chính\", \"Ngay\")",
    ),
    f(
        "output",
        &["ket_qua", "san_pham"],
        Ty::Text,
        "Kết quả của bước",
        "What the step produces",
    ),
    f(
        "forms",
        &["bieu_mau"],
        Ty::TextList,
        "Mã các biểu mẫu dùng ở bước này",
        "Codes of the forms used in this step",
    ),
    f(
        "cases",
        &["case", "truong_hop", "ap_dung"],
        Ty::TextList,
        "Các trường hợp (mã trong `cases`) mà bước này thuộc về; bỏ trống khi bước áp dụng cho mọi trường hợp",
        "The cases (ids in `cases`) this step belongs to; left out when it applies to every case",
    ),
];

/// A case of a procedure whose steps and time limit depend on the file ("Trường hợp hồ sơ
/// đầy đủ: 10 ngày"; "Trường hợp … cần xác minh: 30 ngày").
pub const CASE: &[Field] = &[
    f(
        "id",
        &["ma", "so", "tt", "stt"],
        Ty::Text,
        "Mã trường hợp mà các bước ghi trong `cases` (\"1\", \"I\", \"a\"); mặc định là số thứ tự 1, 2, 3…",
        "The id steps name in their `cases` (\"1\", \"I\"); numbered 1, 2, 3… by default",
    ),
    f(
        "name",
        &["ten", "noi_dung", "truong_hop"],
        Ty::Text,
        "Trường hợp như văn bản gốc ghi (\"Trường hợp hồ sơ đầy đủ thông tin xác minh\")",
        "The case as the source words it",
    ),
    f(
        "time_limit",
        &["thoi_han", "thoi_han_giai_quyet", "tong_thoi_gian"],
        Ty::Duration,
        "Thời hạn giải quyết của trường hợp này",
        "The time limit in this case",
    ),
];

pub const PHASE: &[Field] = &[
    f(
        "name",
        &["ten", "ten_giai_doan"],
        Ty::Text,
        "Tên giai đoạn như dòng của bảng gốc (\"II. Quy trình giải quyết tại Sở Nội vụ\"); bỏ trống cho các bước trước giai đoạn đầu tiên",
        "The phase row as the source prints it; left out for the steps before the first phase",
    ),
    f(
        "agency",
        &["co_quan", "don_vi"],
        Ty::Text,
        "Cơ quan thực hiện giai đoạn (liên thông)",
        "The agency that carries out the phase",
    ),
    f(
        "time_limit",
        &["thoi_han", "thoi_gian"],
        Ty::Duration,
        "Thời hạn của giai đoạn; các bước không ghi thời gian riêng thì dùng chung thời hạn này",
        "The phase's time limit; steps without their own time share it",
    ),
    f(
        "steps",
        &["cac_buoc", "trinh_tu"],
        Ty::List(STEP),
        "Các bước của giai đoạn",
        "The phase's steps",
    ),
];

pub const PERSON: &[Field] = &[
    f("name", &["ho_ten", "ten"], Ty::Text, "Họ và tên", "Name"),
    f("title", &["chuc_vu"], Ty::Text, "Chức vụ", "Title"),
];

pub const BASES: &[&str] = &["working", "calendar", "lam-viec", "lich"];

pub const RECORD: &[Field] = &[
    f(
        "name",
        &["ten", "ten_ho_so"],
        Ty::Text,
        "Tên hồ sơ",
        "Name of the record",
    ),
    f(
        "keeper",
        &["noi_luu", "nguoi_luu", "bo_phan_luu"],
        Ty::Text,
        "Nơi lưu / người lưu",
        "Who keeps it",
    ),
    f(
        "retention",
        &["thoi_gian_luu", "thoi_han_luu"],
        Ty::Text,
        "Thời gian lưu (\"Vĩnh viễn\", \"05 năm\")",
        "How long it is kept",
    ),
];

pub const OBJECTIVE: &[Field] = &[
    f(
        "objective",
        &["noi_dung", "muc_tieu"],
        Ty::Text,
        "Nội dung mục tiêu",
        "The objective",
    ),
    f(
        "target",
        &["chi_tieu"],
        Ty::Text,
        "Chỉ tiêu đo được (có số: \"≥ 98%\")",
        "Measurable target (with a number)",
    ),
    f(
        "owner",
        &["chu_tri", "phu_trach", "trach_nhiem"],
        Ty::Text,
        "Người/bộ phận chịu trách nhiệm",
        "Who is accountable",
    ),
    f(
        "deadline",
        &["thoi_han", "han"],
        Ty::Text,
        "Thời hạn (ngày hoặc kỳ: \"31/12/2026\", \"Quý IV/2026\")",
        "Deadline (date or period)",
    ),
    f(
        "measure",
        &["cach_do", "phuong_phap_do"],
        Ty::Text,
        "Cách đo, nguồn số liệu",
        "How it is measured",
    ),
];

pub const HISTORY: &[Field] = &[
    f(
        "revision",
        &["lan_ban_hanh"],
        Ty::Int,
        "Lần ban hành",
        "Revision",
    ),
    f(
        "date",
        &["ngay"],
        Ty::Date,
        "Ngày hiệu lực",
        "Effective date",
    ),
    f(
        "changes",
        &["noi_dung_sua_doi", "sua_doi", "thay_doi"],
        Ty::Text,
        "Nội dung sửa đổi",
        "What changed",
    ),
    f(
        "decision",
        &["quyet_dinh"],
        Ty::Text,
        "Quyết định công bố",
        "Publication decision",
    ),
    f(
        "reviewed",
        &["soat_xet", "ngay_soat_xet"],
        Ty::Date,
        "Ngày soát xét tài liệu mà không thay đổi (tính là lần soát xét gần nhất)",
        "The day the document was reviewed without changes (counts as its last review)",
    ),
];

pub const DOCUMENT: &[Field] = &[
    f(
        "kind",
        &["loai", "loai_tai_lieu"],
        Ty::Enum(KINDS),
        "Loại tài liệu",
        "Document kind",
    ),
    f(
        "code",
        &["ma", "ma_so", "ma_tai_lieu"],
        Ty::Text,
        "Mã tài liệu, duy nhất trong hệ thống (QT-HT-01)",
        "Document code, unique in the repository",
    ),
    f(
        "title",
        &["ten", "tieu_de", "ten_tai_lieu"],
        Ty::Text,
        "Tên tài liệu",
        "Title",
    ),
    f(
        "revision",
        &["lan_ban_hanh", "phien_ban"],
        Ty::Int,
        "Lần ban hành (do qmsdoc publish tăng)",
        "Revision (bumped by qmsdoc publish)",
    ),
    f(
        "effective",
        &["ngay_hieu_luc", "hieu_luc"],
        Ty::Date,
        "Ngày hiệu lực (YYYY-MM-DD)",
        "Effective date (YYYY-MM-DD)",
    ),
    f(
        "status",
        &["trang_thai"],
        Ty::Enum(STATUSES),
        "Trạng thái",
        "Status",
    ),
    f(
        "owner",
        &["chu_tri", "don_vi_chu_tri", "bo_phan_chu_tri"],
        Ty::Text,
        "Đơn vị/người chủ trì",
        "Owning unit or person",
    ),
    f(
        "prepared_by",
        &["nguoi_soan_thao", "soan_thao"],
        Ty::Person,
        "Người soạn thảo: \"Họ tên, Chức vụ\" hoặc { name: …, title: … }",
        "Prepared by",
    ),
    f(
        "reviewed_by",
        &["nguoi_kiem_tra", "kiem_tra", "nguoi_xem_xet", "xem_xet"],
        Ty::Person,
        "Người kiểm tra: \"Họ tên, Chức vụ\" hoặc { name: …, title: … }",
        "Reviewed by",
    ),
    f(
        "approved_by",
        &["nguoi_phe_duyet", "phe_duyet"],
        Ty::Person,
        "Người phê duyệt: \"Họ tên, Chức vụ\" hoặc { name: …, title: … }",
        "Approved by",
    ),
    f(
        "tthc",
        &["ma_tthc", "thu_tuc", "thu_tuc_hanh_chinh"],
        Ty::Text,
        "Mã TTHC quốc gia (\"1.001193\")",
        "National administrative procedure code",
    ),
    f(
        "legal_basis",
        &["can_cu", "can_cu_phap_ly"],
        Ty::TextList,
        "Căn cứ pháp lý: mã trong legal/register.yaml",
        "Legal basis: ids in legal/register.yaml",
    ),
    f(
        "time_limit",
        &["thoi_han", "thoi_han_giai_quyet"],
        Ty::Duration,
        "Thời hạn giải quyết",
        "Time limit",
    ),
    f(
        "fee",
        &["phi", "le_phi", "phi_le_phi"],
        Ty::Text,
        "Phí, lệ phí",
        "Fees",
    ),
    f(
        "steps",
        &["cac_buoc", "trinh_tu", "trinh_tu_thuc_hien", "quy_trinh"],
        Ty::List(STEP),
        "Trình tự thực hiện",
        "Steps",
    ),
    f(
        "cases",
        &["truong_hop", "cac_truong_hop"],
        Ty::List(CASE),
        "Các trường hợp có thời hạn riêng (thay cho `time_limit` chung; mỗi bước ghi `cases` khi chỉ thuộc một số trường hợp)",
        "Cases with their own time limits (instead of one `time_limit`; a step lists its `cases` when it belongs to some only)",
    ),
    f(
        "phases",
        &["giai_doan", "cac_giai_doan"],
        Ty::List(PHASE),
        "Các giai đoạn của quy trình liên thông, mỗi giai đoạn có các bước (thay cho `steps`)",
        "Phases of an inter-agency procedure, each with its steps (instead of `steps`)",
    ),
    f(
        "time_unit",
        &["don_vi_thoi_gian"],
        Ty::Text,
        "Đơn vị của ô thời gian chỉ ghi số, như tiêu đề cột \"Thời gian (ngày làm việc)\"",
        "The unit of time cells that hold only a number, as a column header gives it",
    ),
    f(
        "review_every",
        &["chu_ky_soat_xet"],
        Ty::Text,
        "Chu kỳ soát xét tài liệu (\"12 tháng\", \"1 năm\"), nếu khác chu kỳ chung trong qms.yaml",
        "How often the document is reviewed (\"12 months\", \"1 year\"), when not qms.yaml's",
    ),
    f(
        "bare_day",
        &["cach_hieu_ngay"],
        Ty::Enum(BASES),
        "\"ngày\" không ghi rõ là ngày làm việc (working) hay ngày lịch (calendar); mặc định theo qms.yaml",
        "Whether a bare \"ngày\" is a working or a calendar day; qms.yaml's setting by default",
    ),
    f(
        "records",
        &["ho_so", "ho_so_luu", "ho_so_can_luu"],
        Ty::List(RECORD),
        "Hồ sơ cần lưu",
        "Records to keep",
    ),
    f(
        "objectives",
        &["muc_tieu", "cac_muc_tieu"],
        Ty::List(OBJECTIVE),
        "Mục tiêu chất lượng",
        "Quality objectives",
    ),
    f(
        "iso_clauses",
        &["dieu_khoan", "dieu_khoan_iso"],
        Ty::TextList,
        "Điều khoản TCVN ISO 9001:2015 (\"7.5\")",
        "Clauses of ISO 9001:2015",
    ),
    f(
        "history",
        &["lich_su", "theo_doi_sua_doi"],
        Ty::List(HISTORY),
        "Theo dõi sửa đổi (do qmsdoc publish ghi)",
        "Change history (written by qmsdoc publish)",
    ),
    f(
        "number",
        &["so", "so_ky_hieu"],
        Ty::Text,
        "Số, ký hiệu (quyết định: 15/QĐ-UBND)",
        "Number and symbol (decision: 15/QĐ-UBND)",
    ),
    f(
        "signed_by",
        &["nguoi_ky"],
        Ty::Text,
        "Người ký (quyết định)",
        "Signer (decision)",
    ),
    f(
        "date",
        &["ngay", "ngay_lap", "ngay_thuc_hien"],
        Ty::Date,
        "Ngày của hồ sơ: ngày đánh giá, ngày họp, ngày kiểm tra, ngày lập, ngày gửi báo cáo",
        "The record's date: of the audit, the meeting, the inspection, the report",
    ),
    f(
        "due",
        &["han", "han_hoan_thanh", "han_khac_phuc"],
        Ty::Date,
        "Hạn hoàn thành hành động khắc phục",
        "A corrective action's due date",
    ),
    f(
        "inspection",
        &["bien_ban_kiem_tra", "theo_kiem_tra"],
        Ty::Text,
        "Mã biên bản kiểm tra (kind: inspection) mà hành động khắc phục này thực hiện: hạn không quá 2 tháng kể từ ngày biên bản",
        "The code of the inspection record (kind: inspection) this corrective action answers: due within 2 months of its date",
    ),
    f(
        "action_status",
        &["tinh_trang_xu_ly", "tien_do"],
        Ty::Enum(ACTION_STATUSES),
        "Tình trạng hành động khắc phục: open (chưa thực hiện), in-progress (đang thực hiện), closed (đã hoàn thành)",
        "Where a corrective action stands: open, in-progress, closed",
    ),
    f(
        "closed",
        &["ngay_hoan_thanh"],
        Ty::Date,
        "Ngày hoàn thành hành động khắc phục",
        "The day a corrective action was completed",
    ),
    f(
        "recipient",
        &["noi_nhan", "co_quan_nhan"],
        Ty::Text,
        "Nơi nhận báo cáo",
        "Where a report was sent",
    ),
    f(
        "rules",
        &["quy_tac"],
        Ty::Severities,
        "Mức độ của quy tắc cho riêng tài liệu này",
        "Rule severities for this document",
    ),
];

pub const AGENCY: &[Field] = &[
    f(
        "name",
        &["ten", "ten_co_quan"],
        Ty::Text,
        "Tên cơ quan (Ủy ban nhân dân xã …)",
        "Agency name",
    ),
    f(
        "parent",
        &["co_quan_chu_quan", "cap_tren"],
        Ty::Text,
        "Cơ quan chủ quản",
        "Parent body",
    ),
    f(
        "place",
        &["dia_danh"],
        Ty::Text,
        "Địa danh ghi trên văn bản",
        "Place name on documents",
    ),
    f(
        "head",
        &["nguoi_dung_dau", "thu_truong"],
        Ty::Text,
        "Người đứng đầu",
        "Head of agency",
    ),
    f(
        "head_title",
        &["chuc_vu"],
        Ty::Text,
        "Chức vụ người đứng đầu",
        "Title of the head",
    ),
    f(
        "signer",
        &["nguoi_ky"],
        Ty::Text,
        "Người ký quyết định khi không phải người đứng đầu (cấp phó ký thay, quyền)",
        "Who signs the decision when not the head (a deputy, an acting head)",
    ),
    f(
        "signer_title",
        &["chuc_vu_nguoi_ky", "the_thuc_ky"],
        Ty::Text,
        "Thẩm quyền, chức vụ người ký, mỗi dòng cách nhau bằng \"/\" (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH; Q. CHỦ TỊCH; TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH) [mặc định: chức vụ người đứng đầu]",
        "The signer's authority and title, lines separated by \"/\" (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH; Q. CHỦ TỊCH; TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH) [default: the head's title]",
    ),
    f(
        "drafting_unit",
        &["don_vi_soan_thao"],
        Ty::Text,
        "Chữ viết tắt đơn vị soạn thảo, ghi sau \"Lưu: VT,\" ở nơi nhận (ví dụ VP)",
        "Abbreviation of the drafting unit, after \"Lưu: VT,\" in the recipients (e.g. VP)",
    ),
    f(
        "decision_symbol",
        &["ky_hieu", "ky_hieu_quyet_dinh"],
        Ty::Text,
        "Ký hiệu quyết định (QĐ-UBND)",
        "Decision symbol",
    ),
    f("address", &["dia_chi"], Ty::Text, "Địa chỉ", "Address"),
    f(
        "signature_image",
        &["anh_chu_ky"],
        Ty::Text,
        "Ảnh chữ ký (PNG)",
        "Signature image (PNG)",
    ),
    f(
        "seal_image",
        &["anh_con_dau", "con_dau"],
        Ty::Text,
        "Ảnh con dấu (PNG)",
        "Seal image (PNG)",
    ),
    f(
        "seal_diameter_mm",
        &["duong_kinh_con_dau", "duong_kinh_con_dau_mm"],
        Ty::Number,
        "Đường kính thật của con dấu, milimét (20–60, ví dụ 36): chữ ký số của cơ quan vẽ ảnh con dấu đúng kích thước này",
        "The seal's real diameter in millimetres (20–60, e.g. 36): the agency's digital signature draws the seal image this wide",
    ),
];

pub const DURATIONS: &[Field] = &[
    f(
        "bare_day",
        &["cach_hieu_ngay"],
        Ty::Enum(BASES),
        "\"ngày\" không ghi rõ là ngày làm việc (working, mặc định: bảng trình tự cộng thành \"N ngày làm việc\") hay ngày lịch (calendar)",
        "Whether a bare \"ngày\" is a working day (working, the default: step tables add up to \"N ngày làm việc\") or a calendar day",
    ),
    f(
        "hours_per_day",
        &["so_gio_mot_ngay", "gio_mot_ngay"],
        Ty::Number,
        "Số giờ làm việc của một ngày làm việc (mặc định 8)",
        "Working hours in a working day (8 by default)",
    ),
    f(
        "calendar_day_in_working_days",
        &["quy_doi_ngay_lich"],
        Ty::Number,
        "Một ngày lịch bằng bao nhiêu ngày làm việc (ví dụ 0.7)",
        "Working days per calendar day (e.g. 0.7)",
    ),
];

pub const PUBLISH: &[Field] = &[f(
    "tag_prefix",
    &["tien_to_tag"],
    Ty::Text,
    "Tiền tố tên tag công bố (mặc định qms/)",
    "Prefix of publication tags (default qms/)",
)];

/// The `opencps` section of qms.yaml: what the OpenCPS export needs that procedures do not say.
pub const OPENCPS: &[Field] = &[
    f(
        "roles",
        &["vai_tro"],
        Ty::List(OPENCPS_ROLE),
        "Mã vai trò OpenCPS (roleCode) của từng đơn vị thực hiện (who) các bước",
        "The OpenCPS role code (roleCode) of each unit doing steps (who)",
    ),
    f(
        "statuses",
        &["trang_thai"],
        Ty::List(OPENCPS_STATUS),
        "Trạng thái hồ sơ (dossierStatus) của bước, theo mã hoặc nhãn bước (mặc định: bước đầu receiving, bước cuối done, còn lại processing)",
        "The dossier status (dossierStatus) of a step, by step code or label (default: first step receiving, last done, others processing)",
    ),
];

pub const OPENCPS_ROLE: &[Field] = &[
    f(
        "who",
        &["don_vi", "nguoi_thuc_hien"],
        Ty::Text,
        "Đơn vị hoặc người thực hiện, như cột who của bảng các bước",
        "The unit or person, as the step table's who column writes it",
    ),
    f(
        "role",
        &["ma_vai_tro", "role_code"],
        Ty::Text,
        "Mã vai trò trên OpenCPS (roleCode)",
        "The role code in OpenCPS (roleCode)",
    ),
];

pub const OPENCPS_STATUS: &[Field] = &[
    f(
        "step",
        &["buoc"],
        Ty::Text,
        "Mã bước (B1, P2_B1) hoặc nhãn bước (Bước 1)",
        "Step code (B1, P2_B1) or label (Bước 1)",
    ),
    f(
        "status",
        &["trang_thai_ho_so"],
        Ty::Text,
        "Trạng thái hồ sơ trên OpenCPS (receiving, processing, done…)",
        "The dossier status in OpenCPS (receiving, processing, done…)",
    ),
];

/// The `signing` section of qms.yaml: the services `sign` and `publish --apply` ask.
pub const SIGNING: &[Field] = &[
    f(
        "tsa",
        &["may_chu_dau_thoi_gian", "dau_thoi_gian"],
        Ty::Text,
        "Máy chủ cấp dấu thời gian RFC 3161 (http://…) khi không có --tsa hay QMSDOC_TSA",
        "RFC 3161 time-stamping authority (http://…) when neither --tsa nor QMSDOC_TSA is given",
    ),
    f(
        "timeout",
        &["thoi_gian_cho"],
        Ty::Number,
        "Thời gian chờ mỗi lần hỏi TSA, OCSP, CRL (giây, mặc định 10) khi không có --timeout",
        "Timeout of each request to the TSA, OCSP, CRL (seconds, 10 by default) when --timeout is not given",
    ),
];

/// The `calendar` section of qms.yaml: the agency's working week and hours.
pub const CALENDAR: &[Field] = &[
    f(
        "rest_days",
        &["ngay_nghi_hang_tuan", "nghi_hang_tuan"],
        Ty::TextList,
        "Ngày nghỉ hằng tuần (mặc định: thứ Bảy, Chủ nhật)",
        "Weekly rest days (default: Saturday, Sunday)",
    ),
    f(
        "sessions",
        &["gio_lam_viec", "ca_lam_viec"],
        Ty::TextList,
        "Giờ làm việc trong ngày (mặc định: 07:30-11:30, 13:30-17:30)",
        "Working hours of the day (default: 07:30-11:30, 13:30-17:30)",
    ),
    f(
        "cutoff",
        &["gio_chot", "gio_tiep_nhan_cuoi"],
        Ty::Text,
        "Hồ sơ nhận sau giờ này được tính từ ngày làm việc tiếp theo (ví dụ 16:00)",
        "Files received after this hour count from the next working day (e.g. 16:00)",
    ),
    f(
        "years",
        &["nam", "cac_nam"],
        Ty::TextList,
        "Các năm dùng để so sánh ngày làm việc với ngày lịch (T004); mặc định mọi năm có dữ liệu",
        "Years over which working and calendar days are compared (T004); default every year with data",
    ),
];

/// A year file, `calendar/YYYY.yaml`: the government's schedule of days off for one year.
pub const YEAR_FILE: &[Field] = &[
    f("year", &["nam"], Ty::Int, "Năm", "Year"),
    f(
        "sources",
        &["nguon", "can_cu"],
        Ty::TextList,
        "Văn bản công bố lịch nghỉ (số, ngày, cơ quan)",
        "The announcements the schedule comes from (number, date, issuer)",
    ),
    f(
        "tet",
        &["tet_am_lich"],
        Ty::Object(TET_PLAN),
        "Tết Âm lịch: 5 ngày, bao nhiêu ngày trước mùng 1",
        "Lunar New Year: 5 days, how many before the first day",
    ),
    f(
        "national_day",
        &["quoc_khanh", "ngay_lien_ke_quoc_khanh"],
        Ty::Date,
        "Ngày liền kề ngày 2/9 được nghỉ (1/9 hoặc 3/9)",
        "The day next to 2 September that is a holiday (1/9 or 3/9)",
    ),
    f(
        "swaps",
        &["hoan_doi"],
        Ty::List(SWAP),
        "Hoán đổi ngày làm việc: nghỉ ngày `off`, làm bù ngày `work`",
        "Swapped days: rest on `off`, work on `work`",
    ),
    f(
        "holidays",
        &["ngay_le_khac", "ngay_le"],
        Ty::List(EXTRA_HOLIDAY),
        "Ngày lễ khác được nghỉ hưởng nguyên lương (được nghỉ bù nếu trùng ngày nghỉ hằng tuần)",
        "Other public holidays (made up when they fall on a weekly rest day)",
    ),
];

pub const TET_PLAN: &[Field] = &[f(
    "before",
    &["truoc_tet", "so_ngay_truoc_tet"],
    Ty::Int,
    "Số ngày nghỉ trước mùng 1 Tết (1 đến 3); còn lại nghỉ từ mùng 1",
    "Days off before the first day of the year (1 to 3); the rest from the first day",
)];

pub const SWAP: &[Field] = &[
    f(
        "off",
        &["nghi", "ngay_nghi"],
        Ty::Date,
        "Ngày làm việc được nghỉ",
        "Working day taken off",
    ),
    f(
        "work",
        &["lam_bu", "ngay_lam_bu"],
        Ty::Date,
        "Ngày nghỉ hằng tuần làm bù",
        "Rest day worked instead",
    ),
    f("note", &["ghi_chu"], Ty::Text, "Ghi chú", "Note"),
];

pub const EXTRA_HOLIDAY: &[Field] = &[
    f("date", &["ngay"], Ty::Date, "Ngày", "Date"),
    f("name", &["ten"], Ty::Text, "Tên ngày lễ", "Name"),
];

pub const COMPLIANCE: &[Field] = &[
    f(
        "first_published",
        &["ngay_cong_bo_lan_dau"],
        Ty::Date,
        "Ngày công bố HTQLCL lần đầu, khi quyết định công bố không có trong kho (thư mục decisions/)",
        "The day the QMS was first published, when that decision is not in the repository (decisions/)",
    ),
    f(
        "legal_update_months",
        &["thoi_han_cap_nhat_van_ban", "so_thang_cap_nhat"],
        Ty::Int,
        "Số tháng để cập nhật HTQLCL khi văn bản pháp luật thay đổi (mặc định 3: Điều 4 khoản 4 điểm a Quyết định 19/2014/QĐ-TTg)",
        "Months allowed to take a legal change into the QMS (3 by default: Decision 19/2014/QĐ-TTg, Art. 4.4a)",
    ),
    f(
        "audit_by",
        &["han_danh_gia_noi_bo"],
        Ty::Text,
        "Từ ngày này (ngày/tháng, mặc định 01/10) mà chưa có báo cáo đánh giá nội bộ của năm thì cảnh báo",
        "From this day (day/month, 01/10 by default) a year without an internal audit report is warned about",
    ),
    f(
        "review_by",
        &["han_xem_xet_lanh_dao"],
        Ty::Text,
        "Từ ngày này (ngày/tháng, mặc định 01/10) mà chưa có biên bản xem xét của lãnh đạo của năm thì cảnh báo",
        "From this day (day/month, 01/10 by default) a year without a management review is warned about",
    ),
    f(
        "review_every",
        &["chu_ky_soat_xet"],
        Ty::Text,
        "Chu kỳ soát xét mọi tài liệu (\"12 tháng\", \"1 năm\"); một tài liệu có thể ghi chu kỳ riêng",
        "How often every document is reviewed (\"12 months\", \"1 year\"); a document may set its own",
    ),
    f(
        "review_notice_days",
        &["bao_truoc_soat_xet"],
        Ty::Int,
        "Số ngày trước hạn soát xét thì nhắc (mặc định 30)",
        "Days before a review is due to start reminding (30 by default)",
    ),
    f(
        "objectives_by",
        &["han_muc_tieu"],
        Ty::Text,
        "Sau ngày này (ngày/tháng, mặc định 31/01) mà chưa có mục tiêu chất lượng của năm thì cảnh báo",
        "After this day (day/month, 31/01 by default) a year without quality objectives is warned about",
    ),
];

pub const CONFIG: &[Field] = &[
    f(
        "compliance",
        &["tuan_thu", "duy_tri"],
        Ty::Object(COMPLIANCE),
        "Thời hạn duy trì HTQLCL: cập nhật văn bản pháp luật, đánh giá nội bộ, xem xét của lãnh đạo, mục tiêu chất lượng",
        "Deadlines of keeping the QMS: legal updates, internal audit, management review, quality objectives",
    ),
    f(
        "opencps",
        &["mot_cua_dien_tu"],
        Ty::Object(OPENCPS),
        "Xuất và so sánh quy trình điện tử OpenCPS: mã vai trò của các đơn vị, trạng thái hồ sơ của các bước",
        "OpenCPS workflow export and comparison: role codes of the units, dossier statuses of the steps",
    ),
    f(
        "calendar",
        &["lich", "lich_lam_viec"],
        Ty::Object(CALENDAR),
        "Lịch làm việc: ngày nghỉ hằng tuần, giờ làm việc, giờ chốt nhận hồ sơ",
        "Working calendar: weekly rest days, working hours, cut-off hour",
    ),
    f(
        "agency",
        &["co_quan"],
        Ty::Object(AGENCY),
        "Thông tin cơ quan",
        "Agency profile",
    ),
    f(
        "standard",
        &["tieu_chuan"],
        Ty::Text,
        "Tiêu chuẩn áp dụng",
        "Standard",
    ),
    f(
        "language",
        &["ngon_ngu"],
        Ty::Text,
        "Ngôn ngữ (vi, en)",
        "Language (vi, en)",
    ),
    f(
        "public_url",
        &["dia_chi_cong_khai"],
        Ty::Text,
        "Địa chỉ trang công khai",
        "Public URL",
    ),
    f(
        "exclude",
        &["loai_tru"],
        Ty::TextList,
        "Thư mục/tệp không phải tài liệu (glob)",
        "Paths that are not documents (globs)",
    ),
    f(
        "durations",
        &["thoi_gian"],
        Ty::Object(DURATIONS),
        "Quy đổi thời gian",
        "Duration settings",
    ),
    f(
        "publish",
        &["cong_bo"],
        Ty::Object(PUBLISH),
        "Thiết lập công bố",
        "Publication settings",
    ),
    f(
        "signing",
        &["ky_so", "chu_ky_so"],
        Ty::Object(SIGNING),
        "Thiết lập ký số: máy chủ dấu thời gian, thời gian chờ",
        "Signing settings: time-stamping authority, timeout",
    ),
    f(
        "rules",
        &["quy_tac"],
        Ty::Severities,
        "Mức độ của quy tắc",
        "Rule severities",
    ),
];

pub const TTHC: &[Field] = &[
    f(
        "code",
        &["ma", "ma_tthc"],
        Ty::Text,
        "Mã TTHC quốc gia",
        "National code",
    ),
    f(
        "name",
        &["ten", "ten_thu_tuc"],
        Ty::Text,
        "Tên thủ tục",
        "Name",
    ),
    f("field", &["linh_vuc"], Ty::Text, "Lĩnh vực", "Field"),
    f(
        "time_limit",
        &["thoi_han", "thoi_han_giai_quyet"],
        Ty::Duration,
        "Thời hạn giải quyết theo quy định",
        "Statutory time limit",
    ),
    f(
        "fee",
        &["phi", "le_phi", "phi_le_phi"],
        Ty::Text,
        "Phí, lệ phí",
        "Fees",
    ),
    f(
        "legal_basis",
        &["can_cu", "can_cu_phap_ly"],
        Ty::TextList,
        "Căn cứ pháp lý",
        "Legal basis",
    ),
    f(
        "level",
        &["cap", "cap_thuc_hien"],
        Ty::Text,
        "Cấp thực hiện",
        "Level",
    ),
];

pub const CATALOG: &[Field] = &[f(
    "procedures",
    &["thu_tuc", "danh_muc", "tthc"],
    Ty::List(TTHC),
    "Danh mục thủ tục hành chính",
    "Administrative procedures",
)];

pub const LEGAL: &[Field] = &[
    f(
        "id",
        &["ma"],
        Ty::Text,
        "Mã tham chiếu dùng trong legal_basis",
        "Id used in legal_basis",
    ),
    f(
        "number",
        &["so_ky_hieu", "so"],
        Ty::Text,
        "Số, ký hiệu (60/2014/QH13)",
        "Number/symbol",
    ),
    f(
        "title",
        &["ten", "trich_yeu"],
        Ty::Text,
        "Tên, trích yếu",
        "Title",
    ),
    f(
        "issuer",
        &["co_quan_ban_hanh"],
        Ty::Text,
        "Cơ quan ban hành",
        "Issuer",
    ),
    f(
        "issued",
        &["ngay_ban_hanh"],
        Ty::Date,
        "Ngày ban hành",
        "Issue date",
    ),
    f(
        "effective",
        &["ngay_hieu_luc", "hieu_luc"],
        Ty::Date,
        "Ngày có hiệu lực",
        "Effective date",
    ),
    f(
        "status",
        &["tinh_trang", "trang_thai"],
        Ty::Enum(LEGAL_STATUSES),
        "Tình trạng hiệu lực",
        "Status",
    ),
    f(
        "replaced_by",
        &["thay_the_boi", "duoc_thay_the_boi"],
        Ty::Text,
        "Văn bản thay thế (mã)",
        "Replaced by (id)",
    ),
    f(
        "amended_by",
        &["sua_doi_boi", "duoc_sua_doi_boi"],
        Ty::TextList,
        "Các văn bản sửa đổi, bổ sung (mã); HTQLCL phải cập nhật trong thời hạn kể từ ngày có hiệu lực của mỗi văn bản",
        "The amending documents (ids); the QMS takes each in within the window from its effective date",
    ),
    f(
        "changed",
        &["ngay_thay_doi"],
        Ty::Date,
        "Ngày bị thay thế/hết hiệu lực",
        "Date it was replaced or expired",
    ),
];

pub const REGISTER: &[Field] = &[f(
    "documents",
    &["van_ban", "danh_muc"],
    Ty::List(LEGAL),
    "Danh mục văn bản pháp lý",
    "Legal documents",
)];

pub const METHODS: &[&str] = &[
    "ratio",
    "boolean",
    "manual",
    "ty-le",
    "dat-khong-dat",
    "tu-cham",
];

/// What `qmsdoc score` computes from the QMS (`source:` of a criterion).
pub const MEASURES: &[&str] = &[
    "tthc-coverage",
    "objectives",
    "internal-audit",
    "management-review",
    "corrective-actions",
    "improvements",
    "publication",
    "legal-updates",
    "republication",
    "check",
];

pub const CRITERION: &[Field] = &[
    f(
        "id",
        &["ma", "stt"],
        Ty::Text,
        "Số thứ tự, mã tiêu chí (\"1.2\")",
        "The criterion's number (\"1.2\")",
    ),
    f(
        "title",
        &["ten", "tieu_chi", "noi_dung"],
        Ty::Text,
        "Tiêu chí",
        "The criterion",
    ),
    f(
        "max",
        &["diem_toi_da"],
        Ty::Number,
        "Điểm tối đa (tỉnh quy định; để trống khi chưa có)",
        "Maximum points (set by the province; empty until it is)",
    ),
    f(
        "method",
        &["cach_tinh", "phuong_phap"],
        Ty::Enum(METHODS),
        "Cách tính: ratio (tỷ lệ × điểm tối đa), boolean (đạt: đủ điểm, không đạt: 0), manual (tự chấm)",
        "How it is scored: ratio (ratio × maximum), boolean (met: full points, else 0), manual (self-assessed)",
    ),
    f(
        "source",
        &["nguon", "so_lieu"],
        Ty::Enum(MEASURES),
        "Số liệu qmsdoc tính từ HTQLCL (cho ratio, boolean)",
        "What qmsdoc computes from the QMS (for ratio and boolean)",
    ),
    f(
        "rule",
        &["cach_tinh_diem"],
        Ty::Text,
        "Cách tính điểm, như tỉnh hướng dẫn",
        "The scoring rule, as the province words it",
    ),
    f(
        "evidence",
        &["tai_lieu_kiem_chung", "kiem_chung"],
        Ty::Text,
        "Tài liệu kiểm chứng người chấm phải xem (cho manual)",
        "What the assessor must see (for manual)",
    ),
    f(
        "value",
        &["so_lieu_ke_khai"],
        Ty::Text,
        "Số liệu kê khai (cho manual)",
        "The figures declared (for manual)",
    ),
    f(
        "points",
        &["diem_tu_danh_gia", "diem_tu_cham"],
        Ty::Number,
        "Điểm tự đánh giá (cho manual)",
        "Self-assessed points (for manual)",
    ),
];

pub const CRITERIA: &[Field] = &[
    f(
        "title",
        &["ten", "tieu_de"],
        Ty::Text,
        "Tên bộ tiêu chí",
        "The criteria's title",
    ),
    f(
        "total",
        &["tong_diem", "diem_toi_da"],
        Ty::Number,
        "Tổng điểm tối đa; phải bằng tổng `max` của các tiêu chí",
        "Total maximum points; must equal the sum of the criteria's `max`",
    ),
    f(
        "criteria",
        &["tieu_chi", "cac_tieu_chi"],
        Ty::List(CRITERION),
        "Các tiêu chí",
        "The criteria",
    ),
];

/// Finds the field a key names: its canonical name or an alias, with or without diacritics.
pub fn lookup<'a>(fields: &'a [Field], key: &str) -> Option<&'a Field> {
    // Most keys are written exactly as declared: no need to fold them.
    if let Some(f) = fields
        .iter()
        .find(|f| f.key == key || f.aliases.contains(&key))
    {
        return Some(f);
    }
    let folded = crate::text::fold_key(key);
    fields
        .iter()
        .find(|f| f.key == folded || f.aliases.contains(&folded.as_str()))
}

/// The closest known key to a misspelt one, if any is close enough to be a likely typo.
pub fn suggest(fields: &[Field], key: &str) -> Option<&'static str> {
    let folded = crate::text::fold_key(key);
    let mut best: Option<(f64, &'static str)> = None;
    for field in fields {
        for name in std::iter::once(&field.key).chain(field.aliases) {
            let score = strsim::jaro_winkler(&folded, name);
            if score > best.map_or(0.0, |b| b.0) {
                best = Some((score, field.key));
            }
        }
    }
    best.filter(|b| b.0 >= 0.85).map(|b| b.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_with_and_without_diacritics() {
        assert_eq!(lookup(DOCUMENT, "mã").map(|f| f.key), Some("code"));
        assert_eq!(
            lookup(DOCUMENT, "Thời hạn").map(|f| f.key),
            Some("time_limit")
        );
        assert_eq!(
            lookup(STEP, "trách nhiệm").map(|f| f.key),
            Some("responsible")
        );
        assert_eq!(lookup(STEP, "thoi_gian").map(|f| f.key), Some("time"));
        assert!(lookup(DOCUMENT, "colour").is_none());
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(suggest(DOCUMENT, "titel"), Some("title"));
        assert_eq!(suggest(STEP, "responsable"), Some("responsible"));
        assert_eq!(suggest(DOCUMENT, "legal_basic"), Some("legal_basis"));
        assert_eq!(suggest(DOCUMENT, "zzzz"), None);
    }

    #[test]
    fn keys_and_aliases_are_unique_per_table() {
        for table in [
            DOCUMENT,
            STEP,
            PHASE,
            PERSON,
            RECORD,
            OBJECTIVE,
            HISTORY,
            CONFIG,
            AGENCY,
            COMPLIANCE,
            SIGNING,
            CRITERIA,
            CRITERION,
            TTHC,
            LEGAL,
            DURATIONS,
            OPENCPS,
            OPENCPS_ROLE,
            OPENCPS_STATUS,
            CALENDAR,
            YEAR_FILE,
            TET_PLAN,
            SWAP,
            EXTRA_HOLIDAY,
        ] {
            let mut seen = std::collections::HashSet::new();
            for f in table {
                for n in std::iter::once(&f.key).chain(f.aliases) {
                    assert!(seen.insert(*n), "{n} appears twice");
                }
            }
        }
    }

    /// Every key of a field table has an arm in the function that reads the table: a key
    /// without one would be accepted by `check` (it is in the table) and then dropped. The
    /// reader's text from `fields::TABLE` to the end of its function must name each key (a
    /// table of one key is read whole).
    #[test]
    fn every_key_has_a_reader_arm() {
        let document = include_str!("document.rs");
        let config = include_str!("config.rs");
        let data = include_str!("../calendar/data.rs");
        let mapping = include_str!("../workflow/mapping.rs");
        let readers: [(&str, &[Field], &str); 28] = [
            ("DOCUMENT", DOCUMENT, document),
            ("STEP", STEP, document),
            ("CASE", CASE, document),
            ("PHASE", PHASE, document),
            ("RECORD", RECORD, document),
            ("OBJECTIVE", OBJECTIVE, document),
            ("HISTORY", HISTORY, document),
            ("PERSON", PERSON, include_str!("reader.rs")),
            ("CONFIG", CONFIG, config),
            ("DURATIONS", DURATIONS, config),
            ("PUBLISH", PUBLISH, config),
            ("OPENCPS", OPENCPS, mapping),
            ("OPENCPS_ROLE", OPENCPS_ROLE, mapping),
            ("OPENCPS_STATUS", OPENCPS_STATUS, mapping),
            ("AGENCY", AGENCY, config),
            ("COMPLIANCE", COMPLIANCE, config),
            ("SIGNING", SIGNING, config),
            ("CRITERIA", CRITERIA, include_str!("../score/criteria.rs")),
            ("CRITERION", CRITERION, include_str!("../score/criteria.rs")),
            ("CATALOG", CATALOG, include_str!("catalog.rs")),
            ("TTHC", TTHC, include_str!("catalog.rs")),
            ("REGISTER", REGISTER, include_str!("legal.rs")),
            ("LEGAL", LEGAL, include_str!("legal.rs")),
            ("CALENDAR", CALENDAR, include_str!("calendar_config.rs")),
            ("YEAR_FILE", YEAR_FILE, data),
            ("TET_PLAN", TET_PLAN, data),
            ("SWAP", SWAP, data),
            ("EXTRA_HOLIDAY", EXTRA_HOLIDAY, data),
        ];
        let mut missing = Vec::new();
        for (name, table, source) in readers {
            let anchor = format!("fields::{name},");
            let Some(start) = source.find(&anchor) else {
                missing.push(format!("{name}: no reader found"));
                continue;
            };
            let rest = &source[start..];
            let end = rest.find("\n}\n").unwrap_or(rest.len());
            if table.len() == 1 {
                continue;
            }
            for f in table {
                if !rest[..end].contains(&format!("\"{}\"", f.key)) {
                    missing.push(format!("{name}.{}", f.key));
                }
            }
        }
        assert!(missing.is_empty(), "keys without a reader arm: {missing:?}");
    }
}
