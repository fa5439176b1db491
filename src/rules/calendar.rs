//! The working calendar: year files (`calendar/YYYY.yaml`) and the `calendar` section of
//! qms.yaml. The checks run while the calendar is read (`crate::calendar::data`,
//! `crate::calendar::settings`); this file declares the rule.

use super::rule;

rule!(
    INVALID_CALENDAR,
    "C001",
    "invalid-calendar",
    Error,
    "Lịch làm việc sai: ngày nghỉ hằng tuần, giờ làm việc, ngày hoán đổi hoặc năm không có dữ liệu",
    "The working calendar is wrong: weekly rest days, working hours, swapped days, or a year without data"
);
