"""Every sentence kpitrack says to a person, in Chinese and English, in one place.

Code refers to a message by key and fills in named fields; the language is chosen once per
process (``KPI_LANG``, else the locale, Chinese for zh_* and when unsure). Keeping the two
languages side by side makes a missing translation visible in review, and a test checks that
both carry the same fields.
"""

from __future__ import annotations

import locale
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

LANGUAGES = ("zh", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    # quantities
    "quantity.empty": {
        "zh": "值为空，不是数字。请写成 21 或 59.2亿元 这样的数。",
        "en": "An empty value is not a number. Give a number such as 21 or 5.92 billion yuan.",
    },
    "quantity.malformed": {
        "zh": "「{raw}」不是可识别的数字。请写成 21、59.2亿元、1.05万个、110% 或 +3。",
        "en": "'{raw}' is not a number kpitrack can read. Write it like 21, 59.2, 110% or +3, "
        "with or without the indicator's unit.",
    },
    "quantity.spaced_digits": {
        "zh": "「{raw}」的数字中间有空格，无法确定是一个数还是两个数。请去掉空格或只填一个数。",
        "en": "'{raw}' has a space between digits: one number or two? Remove the space, or "
        "give one number.",
    },
    "quantity.too_large": {
        "zh": "「{raw}」太大了，不像是一个指标值。请检查是否多输了位数，或换用更大的单位（如亿元）。",
        "en": "'{raw}' is too large to be an indicator's value. Check the digits, or use a larger "
        "unit (such as billion yuan).",
    },
    "quantity.unknown_unit": {
        "zh": "「{raw}」的单位「{unit}」无法识别。可用单位如 {known}。",
        "en": "'{raw}' has a unit kpitrack does not know: '{unit}'. Known units include {known}.",
    },
    "quantity.wrong_kind": {
        "zh": "「{raw}」是{kind}，而该指标的单位是「{unit}」，二者不能换算。请按「{unit}」填报，如 {example}。",
        "en": "'{raw}' is {kind}, but this indicator is counted in '{unit}'; the two do not "
        "convert. Log it in {unit}, e.g. {example}.",
    },
    # targets.yaml
    "targets.not_found": {
        "zh": "在 {cwd} 及其上级目录中找不到 targets.yaml。请用 --targets 指定文件，或设置 KPI_TARGETS。",
        "en": "No targets.yaml in {cwd} or any folder above it. Pass --targets FILE or set "
        "KPI_TARGETS.",
    },
    "targets.unreadable": {
        "zh": "无法读取 {path}：{reason}。",
        "en": "Cannot read {path}: {reason}.",
    },
    "targets.not_utf8": {
        "zh": "{path} 不是 UTF-8 编码的文本。请在编辑器中另存为 UTF-8。",
        "en": "{path} is not UTF-8 text. Save it as UTF-8 in your editor.",
    },
    "targets.problems": {
        "zh": "{path} 有 {count} 处问题：",
        "en": "{count} {count:problem|problems} in {path}:",
    },
    "targets.yaml_syntax": {
        "zh": "不是有效的 YAML：{reason}",
        "en": "not valid YAML: {reason}",
    },
    "targets.expected_mapping": {
        "zh": "应为键值映射（key: value）",
        "en": "expected a mapping (key: value)",
    },
    "targets.expected_list": {"zh": "应为列表（- 项）", "en": "expected a list (- item)"},
    "targets.expected_text": {"zh": "应为文字", "en": "expected text"},
    "targets.unknown_key": {
        "zh": "未知的键「{key}」{hint}",
        "en": "unknown key '{key}'{hint}",
    },
    "targets.did_you_mean": {"zh": "（是否应为「{key}」？）", "en": " (did you mean '{key}'?)"},
    "targets.missing_key": {"zh": "缺少必填键「{key}」", "en": "missing required key '{key}'"},
    "targets.duplicate_key": {
        "zh": "键「{key}」重复（第 {first} 行已有）",
        "en": "key '{key}' given twice (first on line {first})",
    },
    "targets.duplicate_id": {
        "zh": "指标编号「{id}」重复（第 {first} 行已有）",
        "en": "indicator id '{id}' is used twice (first on line {first})",
    },
    "targets.bad_id": {
        "zh": "编号「{id}」须为小写英文字母、数字和连字符（如 key-projects-2024）",
        "en": "id '{id}' must be lowercase ASCII letters, digits and hyphens "
        "(e.g. key-projects-2024)",
    },
    "targets.bad_choice": {
        "zh": "「{value}」不是可选值，可选：{choices}",
        "en": "'{value}' is not one of {choices}",
    },
    "targets.bad_quantity": {"zh": "{reason}", "en": "{reason}"},
    "targets.unit_mismatch": {
        "zh": "目标值的单位「{given}」与 unit「{unit}」不一致",
        "en": "the target's unit '{given}' differs from unit '{unit}'",
    },
    "targets.bad_date": {
        "zh": "「{value}」不是日期，请写成 2024-06-30",
        "en": "'{value}' is not a date; write it like 2024-06-30",
    },
    "targets.bad_period": {
        "zh": "「{value}」不是周期：请写年份（2024）或 start/end 日期",
        "en": "'{value}' is not a period: give a year (2024) or start and end dates",
    },
    "targets.period_order": {
        "zh": "周期的结束日期 {end} 早于开始日期 {start}",
        "en": "the period ends ({end}) before it starts ({start})",
    },
    "targets.checkpoint_outside": {
        "zh": "序时节点 {date} 不在周期 {period} 内",
        "en": "checkpoint {date} lies outside the period {period}",
    },
    "targets.checkpoint_order": {
        "zh": "序时节点的进度须随日期递增，且在 0% 到 100% 之间",
        "en": "checkpoint shares must rise with their dates and lie between 0% and 100%",
    },
    "targets.milestone_needs_stages": {
        "zh": "里程碑指标须列出 stages（如 [开工, 建成, 投用]）",
        "en": "a milestone indicator needs its stages (e.g. [started, built, in use])",
    },
    "targets.unknown_stage": {
        "zh": "阶段「{stage}」不在 stages 中：{stages}",
        "en": "stage '{stage}' is not one of the stages: {stages}",
    },
    "targets.stages_only_milestone": {
        "zh": "只有 measure: milestone 的指标才能有 stages",
        "en": "only a measure: milestone indicator has stages",
    },
    "targets.threshold_order": {
        "zh": "阈值须满足 far_behind ≤ behind ≤ 0（单位：百分点）",
        "en": "thresholds must satisfy far_behind ≤ behind ≤ 0 (percentage points)",
    },
    "targets.actual_outside": {
        "zh": "实际值的日期 {date} 不在周期 {period} 内",
        "en": "the actual's date {date} lies outside the period {period}",
    },
    "targets.replaces_declared": {
        "zh": "「{id}」仍在文件中声明，不能被替换；更名时请删除旧指标",
        "en": "'{id}' is still declared and cannot be replaced; remove the old indicator when renaming",
    },
    "targets.replaces_twice": {
        "zh": "「{id}」已被 {other} 替换，一个旧编号只能被替换一次",
        "en": "'{id}' is already replaced by {other}; an old id is replaced once",
    },
    "targets.bad_confidence": {
        "zh": "confidence 须为 0 到 1 之间的数",
        "en": "confidence must be a number from 0 to 1",
    },
    "extract.only_report": {
        "zh": "报告中有、targets.yaml 中没有",
        "en": "In the report, not declared",
    },
    "extract.only_declared": {
        "zh": "targets.yaml 中有、报告中没有",
        "en": "Declared, not in the report",
    },
    "extract.differs": {
        "zh": "目标不同",
        "en": "Target differs",
    },
    "extract.words_unmatched": {
        "zh": "targets.yaml 中的文字任务，未能与报告逐条对应（不判定为报告中没有）",
        "en": "Declared in words, not matched to the report item by item (not claimed missing)",
    },
    "extract.summary": {
        "zh": "报告中找到 {found} 项（数字、项目、荣誉、任务）：{matched} 项已声明，{differs} 项目标不同，{only_report} 项未声明；targets.yaml 另有 {only_declared} 项报告中没有，{words_unmatched} 项文字任务未能对应、未判定。",
        "en": "{found} items found in the report (figures, projects, honours, tasks): {matched} declared, {differs} with another target, {only_report} not declared; targets.yaml has {only_declared} more not in the report, and {words_unmatched} tasks in words not matched, not judged.",
    },
    "col.report": {"zh": "报告", "en": "Report"},
    "col.line": {"zh": "行", "en": "Line"},
    "col.kind": {"zh": "类别", "en": "Kind"},
    "kind.result": {"zh": "成绩", "en": "result"},
    "kind.target": {"zh": "计划", "en": "plan"},
    "targets.not_one_value": {
        "zh": "应为一个数（如 10条 或 59.2亿元），不是列表或映射",
        "en": "expected one figure (such as 10 or 5.92 billion yuan), not a list or a mapping",
    },
    "targets.bad_number": {
        "zh": "「{value}」不是数字",
        "en": "'{value}' is not a number",
    },
    # logging
    "log.unknown_id": {
        "zh": "没有编号或名称为「{id}」的指标。{hint}",
        "en": "No indicator has the id or name '{id}'. {hint}",
    },
    "log.did_you_mean": {"zh": "您是否要找「{ids}」？", "en": "Did you mean '{ids}'?"},
    "log.see_list": {
        "zh": "可用 kpi list 查看所有指标编号。",
        "en": "Run kpi list to see every indicator id.",
    },
    "log.future_date": {
        "zh": "日期 {date} 在今天（{today}）之后，不能填报未来的数据。",
        "en": "The date {date} is after today ({today}); an actual cannot be logged ahead.",
    },
    "log.outside_period": {
        "zh": "日期 {date} 不在指标「{id}」的周期 {period} 内。请用 --date 指定周期内的日期，如 --date {suggest}。",
        "en": "The date {date} is outside the period {period} of '{id}'. Pass a date in it, "
        "e.g. --date {suggest}.",
    },
    "log.bad_date": {
        "zh": "「{value}」不是日期，请写成 2024-06-30。",
        "en": "'{value}' is not a date; write it like 2024-06-30.",
    },
    "log.unknown_stage": {
        "zh": "「{value}」不是指标「{id}」的阶段。可选阶段：{stages}。",
        "en": "'{value}' is not a stage of '{id}'. Its stages are: {stages}.",
    },
    "log.figure_for_task": {
        "zh": "「{id}」是任务，填报进展说明（文字）或「完成」，不接受数字「{value}」；"
        "数字属于别的指标时，请用 kpi list 查找它的编号。",
        "en": "'{id}' is a task: log a progress note in words, or done, not the figure "
        "'{value}'. If the figure belongs to another indicator, find its id with kpi list.",
    },
    "log.increment_milestone": {
        "zh": "里程碑指标「{id}」只能填报阶段名称（{stages}），不能填报增量。",
        "en": "'{id}' is a milestone: log a stage name ({stages}), not an increment.",
    },
    "log.retired": {
        "zh": "指标「{id}」已从 targets.yaml 中移除，不能再填报。",
        "en": "'{id}' is no longer in targets.yaml and takes no new entries.",
    },
    # corrections
    "correct.no_entry": {
        "zh": "没有编号为 {entry} 的记录。可用 kpi history 指标编号 查看记录编号。",
        "en": "There is no entry {entry}. kpi history ID shows the entries' numbers.",
    },
    "correct.already_voided": {
        "zh": "记录 {entry} 已于 {at} 由 {by} 作废，不能再次作废或更正；如要恢复，请用 kpi restore {entry}。",
        "en": "Entry {entry} was voided by {by} at {at}; it cannot be voided or amended again. "
        "To bring it back: kpi restore {entry}.",
    },
    "correct.nothing_to_undo": {
        "zh": "{author} 没有可撤销的记录。请指定记录编号：kpi undo 记录编号。",
        "en": "{author} has no entry left to undo. Name one: kpi undo ENTRY.",
    },
    "cli.undone": {
        "zh": "已作废记录 {entry}（{id}：{value}，截至 {date}）。",
        "en": "Voided entry {entry} ({id}: {value} as of {date}).",
    },
    "cli.undone_correction": {
        "zh": "记录 {entry} 是对记录 {original} 的更正；原记录仍为作废。如需恢复它：kpi restore {original}",
        "en": "Entry {entry} corrected entry {original}, which stays voided. To bring it back: "
        "kpi restore {original}",
    },
    "cli.amended": {
        "zh": "已更正记录 {entry}（{old}）为记录 {new}（{value}）。",
        "en": "Amended entry {entry} ({old}) by entry {new} ({value}).",
    },
    # batches and files
    "batch.no_indicator": {
        "zh": "没有指标编号或指标名称。",
        "en": "No indicator id or name.",
    },
    "batch.row": {"zh": "第 {number} 行：{message}", "en": "row {number}: {message}"},
    "batch.outside_period": {
        "zh": "日期 {date} 不在指标「{id}」的周期 {period} 内，请改正该行的日期。",
        "en": "The date {date} is outside the period {period} of '{id}'; correct the row's date.",
    },
    "batch.refused": {
        "zh": "{count} 行有问题，未写入任何记录。请修正后重试，或用 --skip-bad 只写入无误的行。",
        "en": "{count} {count:row has|rows have} problems; nothing was written. Fix them and try again, or "
        "pass --skip-bad to write the good rows.",
    },
    "batch.refused_stdin": {
        "zh": "{count} 行有问题，未写入任何记录。请改正这些行后整批重新输入（kpi log - 全部无误才写入）。",
        "en": "{count} {count:row has|rows have} problems; nothing was written. Fix those rows and send the "
        "whole batch again (kpi log - writes every row or none).",
    },
    "batch.skipped_bad": {
        "zh": "跳过了 {count} 行有问题的记录（见上）。",
        "en": "Skipped {count} {count:row|rows} with problems (above).",
    },
    "batch.done": {
        "zh": "已写入 {written} 条记录；{duplicates} 行此前已导入，{voided} 行为已作废记录，均未重复写入。",
        "en": "Wrote {written} {written:entry|entries}; {duplicates} {duplicates:row was|rows were} "
        "logged before and {voided} {voided:was a voided entry|were voided entries}, none written "
        "again.",
    },
    "batch.nothing_new": {
        "zh": "没有新记录：{rows} 行均已导入过，未重复写入。",
        "en": "Nothing new: all {rows} rows were logged before; none written again.",
    },
    "import.no_file": {"zh": "找不到文件 {path}。", "en": "No file {path}."},
    "import.bad_type": {
        "zh": "不支持「{suffix}」文件：{path}。请在 Excel 或 WPS 中“另存为” .xlsx（或 CSV UTF-8）后再导入。",
        "en": "Cannot read '{suffix}' files: {path}. Save it as .xlsx (or CSV UTF-8) from Excel "
        "or WPS, and import that.",
    },
    "import.unreadable": {
        "zh": "无法读取 {path}（{reason}）：它不像是 Excel .xlsx 文件。",
        "en": "Cannot read {path} ({reason}): it does not look like an Excel .xlsx file.",
    },
    "import.empty": {"zh": "{path} 是空的。", "en": "{path} is empty."},
    "import.no_columns": {
        "zh": "{path} 缺少必需的列：需要 指标编号（id）或 指标名称（name），以及 数值（value）。找到的列：{found}。",
        "en": "{path} lacks the columns it needs: id or name, and value. Found: {found}.",
    },
    "log.key_seen": {
        "zh": "键「{key}」已记录过，未重复写入。",
        "en": "The key '{key}' was logged before; nothing written again.",
    },
    "log.missing_value": {
        "zh": "缺少填报值。用法：kpi log 指标编号 数值，或 kpi log - 从标准输入批量读取。",
        "en": "No value given. Usage: kpi log ID VALUE, or kpi log - to read many from stdin.",
    },
    "export.bad_type": {
        "zh": "不能导出为「{suffix}」：{path}。请用 .csv、.xlsx 或 .json。",
        "en": "Cannot export to '{suffix}': {path}. Use .csv, .xlsx or .json.",
    },
    "cli.exported": {
        "zh": "已导出 {count} 行到 {path}。",
        "en": "Exported {count} {count:row|rows} to {path}.",
    },
    # store
    "store.not_kpitrack": {
        "zh": "{path} 不是 kpitrack 数据库（{reason}）。若它本是 kpitrack 的数据库，则文件头已损坏，请用备份恢复（见 README.zh-CN.md「备份与恢复」）；否则请用 --db 指定其他文件。",
        "en": "{path} is not a kpitrack database ({reason}). If it was kpitrack's, its header is "
        "damaged: restore a backup (README, 'Backup and restore'); otherwise pass another file "
        "with --db.",
    },
    "store.is_folder": {
        "zh": "{path} 是文件夹，不是数据库文件。请用 --db 指定文件，如 --db {path}/kpi.db。",
        "en": "{path} is a folder, not a database file. Pass a file, e.g. --db {path}/kpi.db.",
    },
    "store.no_folder": {
        "zh": "数据库 {path} 所在的文件夹 {folder} 不存在。请先创建它，或用 --db 指定其他位置。",
        "en": "The folder {folder} of the database {path} does not exist. Create it, or pass "
        "another place with --db.",
    },
    "store.backup_exists": {
        "zh": "{path} 已存在，不会覆盖。请换一个文件名，如带上日期。",
        "en": "{path} exists and is not overwritten. Choose another name, e.g. with the date.",
    },
    "store.backup_failed": {
        "zh": "无法备份到 {path}：{reason}。",
        "en": "Cannot back up to {path}: {reason}.",
    },
    "cli.backed_up": {
        "zh": "已备份到 {path}（{entries} 条记录）。恢复方法见 README.zh-CN.md「备份与恢复」一节。",
        "en": "Backed up to {path} ({entries} {entries:entry|entries}). README, 'Backup and restore', says how to restore.",
    },
    "store.newer": {
        "zh": "{path} 由更新版本的 kpitrack 创建（含未知的迁移 {names}）。请升级 kpitrack。",
        "en": "{path} was written by a newer kpitrack (unknown migrations {names}). "
        "Upgrade kpitrack.",
    },
    # -- the environment (exit 3), the unexpected (exit 70), races lost (exit 0) -- issue 10
    "store.foreign": {
        "zh": "{path} 是另一个程序的数据库（含表 {tables}），kpitrack 不会改动它。请用 --db 指定 kpitrack 自己的数据库文件（如 kpi.db）。",
        "en": "{path} belongs to another program (it has the tables {tables}); kpitrack leaves it "
        "untouched. Pass kpitrack's own database with --db (such as kpi.db).",
    },
    "store.foreign_empty": {
        "zh": "{path} 是另一个程序建的空 SQLite 数据库，kpitrack 不会改动它。请用 --db 指定 kpitrack 自己的数据库文件，或删去该文件后由 kpitrack 新建。",
        "en": "{path} is an empty SQLite database another program made; kpitrack leaves it "
        "untouched. Pass kpitrack's own database with --db, or remove the file and let kpitrack "
        "create it.",
    },
    "store.bad_timeout": {
        "zh": "KPI_BUSY_TIMEOUT 应为等待的秒数（如 60），而不是「{value}」。",
        "en": "KPI_BUSY_TIMEOUT is the number of seconds to wait (such as 60), not '{value}'.",
    },
    "store.no_database": {
        "zh": "数据库 {path} 不存在。若路径写错了，请改正 --db 或 KPI_DB；若要在此新建数据库，请先运行 kpi init --db {path}。",
        "en": "The database {path} does not exist. If the path is mistyped, correct --db or "
        "KPI_DB; to create a database there, run kpi init --db {path} first.",
    },
    "store.nothing_to_back_up": {
        "zh": "数据库 {path} 还不存在，没有可备份的内容。请先运行 kpi init 或记录一条数据。",
        "en": "The database {path} does not exist yet: there is nothing to back up. Run kpi init "
        "or log an entry first.",
    },
    "fault.busy": {
        "zh": "数据库 {path} 正被其他程序写入，等了 {seconds} 秒仍未轮到，本次没有写入任何内容。请稍后再试，或用 KPI_BUSY_TIMEOUT 设置更长的等待秒数。",
        "en": "The database {path} is busy with another writer and its turn did not come in "
        "{seconds} s; nothing was written. Try again later, or set KPI_BUSY_TIMEOUT to wait "
        "longer.",
    },
    "fault.full": {
        "zh": "磁盘已满，无法写入 {path}，本次没有写入任何内容。请腾出磁盘空间后再试。",
        "en": "The disk is full: {path} cannot be written, and nothing was written. Free some "
        "space and try again.",
    },
    "fault.readonly": {
        "zh": "{path} 是只读的（文件或所在文件夹不可写），无法写入。请检查权限，或把数据库放到可写的位置。",
        "en": "{path} is read-only (the file or its folder cannot be written). Check the "
        "permissions, or keep the database somewhere writable.",
    },
    "fault.damaged": {
        "zh": "数据库 {path} 已损坏（{reason}），本次没有写入任何内容。请用最近的备份替换它（见 README.zh-CN.md「备份与恢复」），或用 sqlite3 的 .recover 抢救。",
        "en": "The database {path} is damaged ({reason}); nothing was written. Replace it with "
        "your latest backup (README, 'Backup and restore'), or rescue it with sqlite3's "
        ".recover.",
    },
    "fault.cannot_open": {
        "zh": "无法打开 {path}（{reason}）。请检查路径和权限。",
        "en": "Cannot open {path} ({reason}). Check the path and the permissions.",
    },
    "fault.io": {
        "zh": "读写 {path} 时出错（{reason}）。请检查磁盘和权限后再试。",
        "en": "Reading or writing {path} failed ({reason}). Check the disk and the permissions, "
        "then try again.",
    },
    "fault.full_unnamed": {
        "zh": "磁盘已满，写入没有完成，也没有留下写了一半的文件。请腾出磁盘空间后再试。",
        "en": "The disk is full: the write did not finish, and no half-written file is left. "
        "Free some space and try again.",
    },
    "fault.io_unnamed": {
        "zh": "写入时出错（{reason}），没有完成。请检查磁盘和权限后再试。",
        "en": "Writing failed ({reason}) and did not finish. Check the disk and the permissions, "
        "then try again.",
    },
    "fault.encoding": {
        "zh": "输出的编码 {encoding} 写不出中文。请使用 UTF-8 终端，或设置 PYTHONIOENCODING=utf-8 后再运行。",
        "en": "The output's encoding, {encoding}, cannot write Chinese. Use a UTF-8 terminal, or "
        "set PYTHONIOENCODING=utf-8 and run again.",
    },
    "fault.memory": {
        "zh": "内存不足，无法完成。请关闭其他程序，或把文件拆小后再试。",
        "en": "Out of memory. Close other programs, or split the file, and try again.",
    },
    "fault.unexpected": {
        "zh": "kpi 遇到了意外错误（{error}）。这不是输入的问题；详细信息已写入 {trace}，请把该文件发给维护者。",
        "en": "kpi met an unexpected error ({error}). It is not your input; the details are in "
        "{trace}: please send that file to the maintainers.",
    },
    "fault.unexpected_untraced": {
        "zh": "kpi 遇到了意外错误（{error}），详细信息也无法写入文件。这不是输入的问题；请把这句话发给维护者。",
        "en": "kpi met an unexpected error ({error}) and could not write its details to a file. "
        "It is not your input: please send this sentence to the maintainers.",
    },
    "fault.interrupted": {
        "zh": "已中断。未完成的写入不会留下半条记录。",
        "en": "Interrupted. A write that did not finish leaves nothing half-written.",
    },
    "fault.after_commit": {
        "zh": "记录已写入数据库（第 {entry} 条），但随后显示完成情况时出错：{reason} 请不要重复记录；可用 kpi history {id} 查看。",
        "en": "The entry is in the database (entry {entry}), but showing the completion "
        "afterwards failed: {reason} Do not log it again; kpi history {id} shows it.",
    },
    "fault.after_commit_batch": {
        "zh": "已写入数据库，但随后汇报结果时出错：{reason} 请不要重复导入；可用 kpi imports 查看。",
        "en": "The entries are in the database, but reporting on them afterwards failed: "
        "{reason} Do not import again; kpi imports shows them.",
    },
    "fault.after_commit_void": {
        "zh": "作废已写入数据库，但随后汇报结果时出错：{reason} 请不要重复作废；可用 kpi history 指标编号 --all 查看。",
        "en": "The void is in the database, but reporting on it afterwards failed: {reason} Do "
        "not void again; kpi history ID --all shows it.",
    },
    "correct.raced_amend": {
        "zh": "记录 {entry} 在等待期间已被另一个进程改正为同样的值（第 {new} 条），无需再改。",
        "en": "Entry {entry} was corrected to the same value by another process while this one "
        "waited (entry {new}); nothing more to do.",
    },
    "correct.raced_void": {
        "zh": "记录 {entry} 在等待期间已被另一个进程作废，无需再作废。",
        "en": "Entry {entry} was voided by another process while this one waited; nothing more "
        "to do.",
    },
    "correct.voided_already": {
        "zh": "记录 {entry} 已于 {at} 由 {by} 作废，无需再次作废；如要恢复，请用 kpi restore。",
        "en": "Entry {entry} was voided by {by} at {at} already; nothing more to do. To bring "
        "it back: kpi restore.",
    },
    "correct.raced_restore": {
        "zh": "记录 {entry} 在等待期间已被另一个进程恢复，无需再恢复。",
        "en": "Entry {entry} was restored by another process while this one waited; nothing "
        "more to do.",
    },
    # -- end of issue 10's environment block
    # command-line values
    "cli.bad_date": {
        "zh": "{option}「{value}」不是日期，请写成 2024-06-30。",
        "en": "{option} '{value}' is not a date; write it like 2024-06-30.",
    },
    "cli.bad_period": {
        "zh": "targets.yaml 中没有周期「{value}」。已声明的周期：{periods}。",
        "en": "No indicator has the period '{value}'. Declared periods: {periods}.",
    },
    "cli.bad_area": {
        "zh": "没有名称或编号包含「{value}」的领域。可用领域：{areas}。",
        "en": "No area's name or id contains '{value}'. Areas: {areas}.",
    },
    "cli.bad_owner": {
        "zh": "没有责任单位包含「{value}」。已有责任单位：{owners}。",
        "en": "No owner contains '{value}'. Owners: {owners}.",
    },
    "cli.bad_week": {
        "zh": "「{value}」不是 ISO 周，请写成 2024-W27。",
        "en": "'{value}' is not an ISO week; write it like 2024-W27.",
    },
    "cli.window_conflict": {
        "zh": "--week 与 --since/--until 只能选一种。",
        "en": "Give either --week or --since/--until, not both.",
    },
    "cli.window_order": {
        "zh": "--since {since} 晚于 --until {until}。",
        "en": "--since {since} is after --until {until}.",
    },
    "cli.failed_on": {
        "zh": "--fail-on 条件成立：{conditions}。",
        "en": "--fail-on condition holds: {conditions}.",
    },
    "cli.bad_format": {
        "zh": "「{value}」不是可用的输出格式，可选：{choices}。",
        "en": "'{value}' is not an output format; choose one of {choices}.",
    },
    "cli.logged": {
        "zh": "已记录 {id}（{name}）：{value}，截至 {date}。该日累计 {actual}，完成率 {completion}。",
        "en": "Logged {id} ({name}): {value} as of {date}. Actual on that day {actual}, "
        "completion {completion}.",
    },
    "cli.logged_level": {
        "zh": "已记录 {id}（{name}）：{value}，截至 {date}。该日读数 {actual}，完成率 {completion}。",
        "en": "Logged {id} ({name}): {value} as of {date}. Reading on that day {actual}, "
        "completion {completion}.",
    },
    "cli.logged_stage": {
        "zh": "已记录 {id}（{name}）：阶段「{value}」，截至 {date}。",
        "en": "Logged {id} ({name}): stage '{value}' as of {date}.",
    },
    "cli.init": {
        "zh": "数据库 {db} 已就绪：{indicators} 个指标，{entries} 条记录（其中来自报告的 {seeded} 条）。",
        "en": "Database {db} is ready: {indicators} {indicators:indicator|indicators}, {entries} "
        "{entries:entry|entries} "
        "({seeded} from the report).",
    },
    "cli.valid": {
        "zh": "{path} 有效：{areas} 个领域，{indicators} 个指标（周期 {periods}）。",
        "en": "{path} is valid: {areas} {areas:area|areas}, {indicators} "
        "{indicators:indicator|indicators} (periods {periods}).",
    },
    # words in reports
    "state.done": {"zh": "已完成", "en": "done"},
    "state.on_track": {"zh": "正常推进", "en": "on track"},
    "state.behind": {"zh": "滞后", "en": "behind"},
    "state.far_behind": {"zh": "严重滞后", "en": "far behind"},
    "state.missed": {"zh": "未完成", "en": "missed"},
    "state.in_progress": {"zh": "进行中", "en": "in progress"},
    "state.breached": {"zh": "已超限", "en": "breached"},
    "state.no_data": {"zh": "未填报", "en": "no data"},
    "col.id": {"zh": "编号", "en": "ID"},
    "col.indicator": {"zh": "指标", "en": "Indicator"},
    "col.area": {"zh": "领域", "en": "Area"},
    "col.target": {"zh": "目标", "en": "Target"},
    "col.actual": {"zh": "实际", "en": "Actual"},
    "col.completion": {"zh": "完成率", "en": "Completion"},
    "col.pace": {"zh": "序时进度", "en": "Pace"},
    "col.gap": {"zh": "差距", "en": "Gap"},
    "col.state": {"zh": "状态", "en": "State"},
    "col.forecast": {"zh": "全期预计", "en": "Forecast"},
    "col.needed": {"zh": "剩余需完成", "en": "Still needed"},
    "col.updated": {"zh": "更新", "en": "Updated"},
    "col.unit": {"zh": "单位", "en": "Unit"},
    "col.measure": {"zh": "类型", "en": "Measure"},
    "col.period": {"zh": "周期", "en": "Period"},
    "col.owner": {"zh": "责任单位", "en": "Owner"},
    "col.cycle": {"zh": "填报周期", "en": "Cycle"},
    "measure.total": {"zh": "累计", "en": "total"},
    "measure.level": {"zh": "水平", "en": "level"},
    "measure.milestone": {"zh": "里程碑", "en": "milestone"},
    "cycle.weekly": {"zh": "每周", "en": "per week"},
    "cycle.monthly": {"zh": "每月", "en": "per month"},
    "cycle.quarterly": {"zh": "每季度", "en": "per quarter"},
    "status.title": {"zh": "指标完成情况", "en": "Indicator status"},
    "status.caption": {
        "zh": "截至 {as_of} · 周期 {period} · 差距 = 完成率 − 序时进度（百分点）；低于 {behind} 为滞后，低于 {far} 为严重滞后",
        "en": "As of {as_of} · period {period} · gap = completion − pace (points); below {behind} is behind, below {far} far behind",
    },
    "status.caption_closed": {
        "zh": "截至 {as_of} · 周期 {period} 已于 {end} 结束 · 以下为最终结果（已完成 / 未完成）",
        "en": "As of {as_of} · period {period} ended on {end} · final results (done / missed)",
    },
    "status.caption_closed_all": {
        "zh": "截至 {as_of} · 所有周期均已结束（最后一个于 {end}）· 以下为最终结果（已完成 / 未完成）",
        "en": "As of {as_of} · every period has ended (the last on {end}) · final results "
        "(done / missed)",
    },
    "status.area_count": {"zh": "{count} 项", "en": "{count} {count:indicator|indicators}"},
    "status.counts": {
        "zh": "合计 {total} 项：{parts}",
        "en": "{total} {total:indicator|indicators}: {parts}",
    },
    "status.will_miss": {"zh": "预计未完成", "en": "will miss"},
    "list.separator": {"zh": "，", "en": ", "},
    "status.empty": {"zh": "所选范围内没有指标。", "en": "No indicators in the selection."},
    "list.title": {"zh": "指标清单", "en": "Indicators"},
    "list.retired": {
        "zh": "已从 targets.yaml 移除的指标（记录仍保留）",
        "en": "Removed from targets.yaml (entries kept)",
    },
    "list.retired_one": {"zh": "已停用", "en": "retired"},
    "list.renamed": {"zh": "已更名为 {id}", "en": "renamed {id}"},
    "col.entry": {"zh": "记录", "en": "Entry"},
    "col.logged_at": {"zh": "记录时间", "en": "Logged"},
    "col.void": {"zh": "作废", "en": "Voided"},
    "history.head": {
        "zh": "目标 {target} · 周期 {period} · 责任单位 {owner}",
        "en": "target {target} · period {period} · owner {owner}",
    },
    "history.voided": {"zh": "已作废：{by} {at}", "en": "voided by {by} {at}"},
    "history.replaced_by": {"zh": "，更正为 #{entry}", "en": ", replaced by #{entry}"},
    "history.no_entries": {"zh": "还没有填报记录。", "en": "No entries yet."},
    "history.chart": {"zh": "完成率（│ 为序时进度）", "en": "Completion (│ marks the pace)"},
    "history.foot": {
        "zh": "截至 {as_of}：{state} · 全期预计 {forecast} · 剩余需完成 {needed}",
        "en": "As of {as_of}: {state} · forecast {forecast} · still needed {needed}",
    },
    "col.change": {"zh": "变化", "en": "Change"},
    "col.before": {"zh": "期初", "en": "Before"},
    "col.after": {"zh": "期末", "en": "After"},
    "col.entries": {"zh": "本期填报", "en": "Entries"},
    "col.date": {"zh": "日期", "en": "Date"},
    "col.value": {"zh": "填报值", "en": "Value"},
    "col.author": {"zh": "填报人", "en": "By"},
    "col.note": {"zh": "备注", "en": "Note"},
    "summary.title": {
        "zh": "指标周报 {label}（{since} 至 {until}）",
        "en": "KPI summary {label} ({since} to {until})",
    },
    "summary.overview": {
        "zh": "周期 {period} · 本期填报 {entries} 条 · 状态变化 {transitions} 项 · 逾期未报 {due} 项",
        "en": "Period {period} · {entries} {entries:entry|entries} · {transitions} "
        "{transitions:state change|state changes} · {due} {due:report|reports} overdue",
    },
    "summary.overview_closed": {
        "zh": " · 周期已于 {end} 结束，状态均为最终结果",
        "en": " · the period ended on {end}; every state is final",
    },
    "summary.transitions": {"zh": "状态变化", "en": "State changes"},
    "summary.movements": {"zh": "本期进展", "en": "Movement"},
    "summary.entries": {"zh": "本期填报记录", "en": "Entries in the window"},
    "summary.due": {"zh": "逾期未报", "en": "Reports overdue"},
    "summary.behind": {"zh": "滞后最多", "en": "Furthest behind"},
    "summary.nothing": {"zh": "无。", "en": "None."},
    "transition.done": {"zh": "完成目标", "en": "reached the target"},
    "transition.breached": {"zh": "突破上限", "en": "breached its limit"},
    "transition.fell_behind": {"zh": "转为滞后", "en": "fell behind"},
    "transition.fell_far_behind": {"zh": "转为严重滞后", "en": "fell far behind"},
    "transition.improved": {"zh": "滞后程度减轻", "en": "less far behind"},
    "transition.recovered": {"zh": "恢复正常", "en": "recovered"},
    "transition.started": {"zh": "开始填报", "en": "first report"},
    "transition.reopened": {"zh": "重新打开", "en": "reopened"},
    "col.last_report": {"zh": "最近填报", "en": "Last report"},
    "col.due_since": {"zh": "应报日期", "en": "Due since"},
    "col.overdue": {"zh": "逾期", "en": "Overdue"},
    "due.title": {"zh": "未按期填报", "en": "Reports overdue"},
    "due.caption": {"zh": "截至 {as_of} · 周期 {period}", "en": "As of {as_of} · period {period}"},
    "due.none": {"zh": "所有指标均已按期填报。", "en": "Every indicator has reported on time."},
    "due.no_owner": {"zh": "（未指定责任单位）", "en": "(no owner)"},
    "due.overdue": {
        "zh": "{days} 天（{missed} 期未报）",
        "en": "{days} {days:day|days} ({missed} {missed:cycle|cycles} missed)",
    },
    "md.area_completion": {"zh": "领域完成率：{completion}", "en": "Area completion: {completion}"},
    # spreadsheets and indicator names (issue 8)
    "match.candidate": {"zh": "{name}（{id}，{period}）", "en": "{name} ({id}, {period})"},
    "match.candidate_short": {"zh": "{name}（{id}）", "en": "{name} ({id})"},
    "match.ambiguous": {
        "zh": "「{name}」是 {count} 个指标的名称：{choices}。请改用指标编号。",
        "en": "'{name}' names {count} {count:indicator|indicators}: {choices}. Use the indicator's id instead.",
    },
    "match.choice_separator": {"zh": "；", "en": "; "},
    "match.name_separator": {"zh": "、", "en": ", "},
    "match.did_you_mean": {"zh": "您是否要找：{names}？", "en": "Did you mean: {names}?"},
    "targets.duplicate_name": {
        "zh": "指标名称「{name}」在周期 {period} 中重复（第 {first} 行的 {other} 已使用），按名称填报时无法区分，请改名",
        "en": "the name '{name}' is used twice in period {period} (by {other}, line {first}); "
        "logging by name could not tell them apart, so rename one",
    },
    "sheet.used": {
        "zh": "读取 {path} 的工作表「{sheet}」（共 {count} 个工作表），表头在第 {header} 行。",
        "en": "Reading sheet '{sheet}' of {path} ({count} sheets); the header is on row {header}.",
    },
    "sheet.header_at": {
        "zh": "读取 {path}，表头在第 {header} 行。",
        "en": "Reading {path}; the header is on row {header}.",
    },
    "sheet.no_sheet": {
        "zh": "{path} 中没有工作表「{sheet}」。其中的工作表：{sheets}。",
        "en": "{path} has no sheet '{sheet}'. Its sheets: {sheets}.",
    },
    "sheet.no_header": {
        "zh": "{path} 的工作表（{sheets}）中找不到表头：需要一行同时有 指标编号 或 指标名称（指标）和 数值（完成值）列。第一行有内容的是：{found}。",
        "en": "No sheet of {path} ({sheets}) has a header row: one with an id or name "
        "column and a value column. The first row with content holds: {found}.",
    },
    "sheet.month_end": {
        "zh": "第 {number} 行：「{text}」按月末 {day} 记录",
        "en": "row {number}: '{text}' is recorded as the month's end, {day}",
    },
    "sheet.footer": {
        "zh": "忽略表尾 {count} 行（签字、合计或说明，不是数据）。",
        "en": "Ignored {count} {count:row|rows} at the end (signatures, totals or notes, not data).",
    },
    "template.no_owner": {
        "zh": "周期 {period} 中没有责任单位为「{owner}」的指标。可用的责任单位：{owners}。",
        "en": "No indicator of period {period} is owned by '{owner}'. Owners: {owners}.",
    },
    "template.no_output": {
        "zh": "请用 -o 指定要写入的文件，如 kpi template --owner 区体育局 -o 区体育局.xlsx；或用 --list-owners 列出责任单位。",
        "en": "Name the file to write with -o, e.g. kpi template --owner OWNER -o OWNER.xlsx; "
        "or list the owners with --list-owners.",
    },
    "template.bad_type": {
        "zh": "填报模板只能写成 .xlsx 文件：{path}。",
        "en": "A template is written as an .xlsx file: {path}.",
    },
    "template.exists": {
        "zh": "{path} 已存在，且不是 kpitrack 生成的空白模板（可能已填写或是其他文件），未覆盖。请换一个文件名，或加 --force 覆盖。",
        "en": "{path} exists and is not a blank template kpitrack wrote (it may be filled in, or "
        "another file); it was left alone. Pick another name, or pass --force to overwrite it.",
    },
    "template.written": {
        "zh": "已写入填报模板 {path}：{owner} 的 {count} 个指标（周期 {period}）。",
        "en": "Wrote the template {path}: {count} {count:indicator|indicators} of {owner} (period {period}).",
    },
    "template.replaced": {
        "zh": "已覆盖原有的 {path}。",
        "en": "Overwrote the existing {path}.",
    },
    "template.everyone": {"zh": "所有责任单位", "en": "every owner"},
    "sheet.unfilled": {
        "zh": "{count} 行只有指标、未填写数值，未记录。",
        "en": "{count} {count:row names|rows name} an indicator but give no value; nothing recorded for them.",
    },
    "sheet.unknown_unit": {
        "zh": "单位「{unit}」无法识别。可用单位如 {known}。",
        "en": "The unit '{unit}' is not one kpitrack knows. Known units include {known}.",
    },
    "sheet.bad_date": {
        "zh": "「{value}」不是日期，请写成 2024-06-30 或 2024年6月。",
        "en": "'{value}' is not a date; write it like 2024-06-30 or 2024-06.",
    },
    # imports, corrections and checks at entry (issue 8)
    "check.refused": {
        "zh": "{what}如确实如此，请加 --force 再填报（表格中在「确认」列填“确认”）。",
        "en": "{what} If it is right, log it again with --force (in a sheet, put yes in "
        "a confirm column).",
    },
    "check.falling_total": {
        "zh": "「{id}」截至 {date} 的累计已是 {before}，新填的 {value} 比它小，累计数不应减少（是否单位写错？）。",
        "en": "'{id}' already stands at {before} by {date}; {value} is less, and a running "
        "total does not fall (a wrong unit?).",
    },
    "check.fraction_for_percent": {
        "zh": "「{value}」像是小数写法：指标「{id}」以 % 计（目标 {target}），是否应为 {meant}？",
        "en": "'{value}' looks like a fraction: '{id}' is counted in % (target {target}); "
        "did you mean {meant}?",
    },
    "check.jump": {
        "zh": "「{id}」截至 {date} 将变为 {after}，是此前 {before} 的 {times} 倍，跳升异常。",
        "en": "'{id}' would become {after} by {date}, {times} times the {before} before it.",
    },
    "check.over_target": {
        "zh": "「{id}」将变为 {after}，超过目标 {target} 的 {factor} 倍。",
        "en": "'{id}' would become {after}, more than {factor} times its target {target}.",
    },
    "check.stated_by_report": {
        "zh": "「{id}」是报告写明的 {period} 年{kind}「{stated}」，新填报的会在状态中取代它，"
        "只应用于更正。",
        "en": "'{id}' is a {period} {kind} the report states ({stated}); a new figure replaces "
        "the report's in status: log one only to correct it.",
    },
    "check.stated_result": {"zh": "结果", "en": "result"},
    "check.stated_context": {"zh": "现状", "en": "present figure"},
    "check.stage_backwards": {
        "zh": "「{id}」截至 {date} 已到「{current}」阶段，「{stage}」在它之前，阶段不应倒退。",
        "en": "'{id}' had reached '{current}' by {date}; '{stage}' comes before it, and "
        "stages do not go backwards.",
    },
    "targets.bad_check_factor": {
        "zh": "「{value}」不能作为倍数：须是大于 1、不超过 1000 的数，如 5",
        "en": "'{value}' cannot be a factor: it must be a number above 1 and at most 1000, such as 5",
    },
    "quantity.wrong_count": {
        "zh": "「{raw}」是{kind}，而该指标的单位是「{unit}」，二者不能换算。请按「{unit}」填报，如 {example}，或写 {plain}。",
        "en": "'{raw}' is {kind}, but this indicator is counted in '{unit}'; the two do not "
        "convert. Log it in {unit}, e.g. {example}, or write {plain}.",
    },
    "batch.already_in": {
        "zh": "{count} 行已在库中，未重复记录。",
        "en": "{count} {count:row is|rows are} already in the database; not recorded again.",
    },
    "batch.same_file": {
        "zh": "该文件与导入批次 #{number}（{name}）内容相同。",
        "en": "This file has the same content as import #{number} ({name}).",
    },
    "batch.import_number": {
        "zh": "导入批次 #{number}：已写入 {written} 条记录。撤销整批：kpi undo --import {number}",
        "en": "Import #{number}: wrote {written} {written:entry|entries}. To void it whole: "
        "kpi undo --import {number}",
    },
    "batch.nothing_new_import": {
        "zh": "没有新记录，未写入任何记录。",
        "en": "Nothing new; nothing was written.",
    },
    "batch.voided_rows": {
        "zh": "{count} 行为已作废的记录，未写入。",
        "en": "{count} {count:row is a voided entry|rows are voided entries}; not written.",
    },
    "batch.confirmed": {
        "zh": "其中 {count} 条经确认写入（见 kpi history --all）。",
        "en": "{count} of them were written as confirmed (see kpi history --all).",
    },
    "correct.undo_which": {
        "zh": "将作废您最近的记录 #{entry}（{id}：{value}，截至 {date}）。",
        "en": "This voids your latest entry #{entry} ({id}: {value} as of {date}).",
    },
    "correct.undo_confirm": {"zh": "确定作废吗？", "en": "Void it?"},
    "correct.undo_needs_yes": {
        "zh": "未指定记录编号：您最近的记录是 #{entry}（{id}：{value}，截至 {date}），请加 --yes 确认作废它，或写明编号：kpi undo {entry}。",
        "en": "No entry named: your latest is #{entry} ({id}: {value} as of {date}); add --yes "
        "to void it, or name it: kpi undo {entry}.",
    },
    "correct.latest_already_voided": {
        "zh": "您最近的记录 #{entry}（{id}）已于 {at} 由 {by} 作废，未作废其他记录。如要作废更早的记录，请写明编号：kpi undo 记录编号。",
        "en": "Your latest entry #{entry} ({id}) was already voided by {by} at {at}; nothing "
        "else was voided. To void an earlier one, name it: kpi undo ENTRY.",
    },
    "correct.undo_cancelled": {"zh": "未作废任何记录。", "en": "Nothing was voided."},
    "correct.undo_one_way": {
        "zh": "请写记录编号或 --import 导入批次编号，不能同时使用。",
        "en": "Give entry numbers or --import N, not both.",
    },
    "correct.no_import": {
        "zh": "没有编号为 #{number} 的导入批次。可用 kpi imports 查看导入批次。",
        "en": "There is no import #{number}. kpi imports lists them.",
    },
    "correct.import_nothing_counts": {
        "zh": "导入批次 #{number} 的记录都已作废，无需再次作废。",
        "en": "Every entry of import #{number} is already voided; nothing more to do.",
    },
    "cli.import_undone": {
        "zh": "已作废导入批次 #{number}（{name}）的 {count} 条记录。",
        "en": "Voided {count} {count:entry|entries} of import #{number} ({name}).",
    },
    "correct.not_voided": {
        "zh": "记录 {entry} 没有被作废，无需恢复。",
        "en": "Entry {entry} is not voided; there is nothing to restore.",
    },
    "cli.restored": {
        "zh": "已恢复记录 {entry}（{id}：{value}，截至 {date}），它重新计入完成情况。",
        "en": "Restored entry {entry} ({id}: {value} as of {date}); it counts again.",
    },
    "history.restored": {
        "zh": "已恢复：{by} {at}",
        "en": "restored by {by} at {at}",
    },
    "history.confirmed": {"zh": "经确认：{what}", "en": "confirmed: {what}"},
    "log.written_confirmed": {
        "zh": "已按确认写入，历史中注明：{what}",
        "en": "Written as confirmed; the history notes: {what}",
    },
    "imports.title": {"zh": "导入批次", "en": "Imports"},
    "imports.none": {"zh": "还没有导入过文件。", "en": "Nothing has been imported yet."},
    "col.import": {"zh": "批次", "en": "Import"},
    "col.file": {"zh": "文件", "en": "File"},
    "col.sheet": {"zh": "工作表", "en": "Sheet"},
    "col.imported_at": {"zh": "导入时间", "en": "Imported at"},
    "col.rows_written": {"zh": "写入", "en": "Written"},
    "col.rows_counting": {"zh": "仍计入", "en": "Counting"},
    "col.sha256": {"zh": "内容指纹", "en": "SHA-256"},
    # a new user's findings (issue 8)
    "batch.same_increment": {
        "zh": "库中已有 {date} 同样的增量（记录 #{entry}，备注：{note}），本行 {value} 的备注不同。如是重复报送，请删去此行；如是另一笔，请在「确认」列填“确认”或加 --force。",
        "en": "The database already has the same increment on {date} (entry #{entry}, note: "
        "{note}); this row's {value} has another note. If it was sent twice, delete the row; "
        "if it is another one, write yes in its confirm column or add --force.",
    },
    "batch.no_note": {"zh": "无", "en": "none"},
    "quantity.looks_like_date": {
        "zh": "「{raw}」是日期，不是数值。请先写数值，日期用 --date 指定（表格中写在日期列）。",
        "en": "'{raw}' is a date, not a value. Give the value, and the date with --date (in a "
        "sheet, in the date column).",
    },
    "batch.id_name_differ": {
        "zh": "指标编号「{id}」是「{own}」，而指标名称「{name}」是另一个指标（{other}），请核对这一行是否错位。",
        "en": "The id '{id}' is '{own}', but the name '{name}' is another indicator ({other}); "
        "check that the row is not shifted.",
    },
    # spreadsheets as a new user sends them (issue 8, sheets2)
    "sheet.no_date": {
        "zh": "截至日期为空，请填写数据对应的日期",
        "en": "the date is blank; fill in the date the figure is true for",
    },
    "sheet.ignored": {
        "zh": "未识别的列（已忽略）：{columns}",
        "en": "Columns not recognised (ignored): {columns}",
    },
    "sheet.duplicate_column": {
        "zh": "{heading}（与「{first}」含义相同，以前者为准）",
        "en": "{heading} (means the same as '{first}', which is used)",
    },
    "sheet.undated": {
        "zh": "表中没有日期列，全部按 {day} 记录；可用 --date 指定。",
        "en": "The sheet has no date column; every row is recorded as of {day}. "
        "Use --date to choose the day.",
    },
    "sheet.undated_given": {
        "zh": "表中没有日期列，全部按 --date 指定的 {day} 记录。",
        "en": "The sheet has no date column; every row is recorded as of {day}, as --date says.",
    },
    "sheet.date_unused": {
        "zh": "表中有日期列，按各行的日期记录；--date {day} 未使用。",
        "en": "The sheet has a date column, so each row keeps its own date; --date {day} is not used.",
    },
    "sheet.units_disagree": {
        "zh": "数值「{value}」的单位不明：表头注明「{heading}」，单位列为「{column}」。请改正其中之一，或在数值后写明单位。",
        "en": "The unit of '{value}' is unclear: the heading says '{heading}', the unit column "
        "'{column}'. Correct one of them, or write the unit after the number.",
    },
    "sheet.no_header_csv": {
        "zh": "{path} 中找不到表头：需要一行同时有 指标编号 或 指标名称（指标）和 数值（完成值）列。第一行有内容的是：{found}。",
        "en": "{path} has no header row: one with an id or name column and a value "
        "column. The first row with content holds: {found}.",
    },
    "import.undecodable": {
        "zh": "无法读取 {path} 的文字编码（支持 UTF-8、UTF-16 和 GBK）。请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入。",
        "en": "Cannot read the text encoding of {path} (UTF-8, UTF-16 and GBK are supported). "
        "Save it from Excel as 'CSV UTF-8' or .xlsx and import that.",
    },
    "sheet.period_column": {
        "zh": "{heading}（本期数；按累计列「{used}」记录）",
        "en": "{heading} (this period's amount; the running total '{used}' is recorded)",
    },
    "file.no_folder": {
        "zh": "无法写入 {path}：文件夹 {folder} 不存在。请先创建它（mkdir -p {folder}）。",
        "en": "Cannot write {path}: the folder {folder} does not exist. Create it first "
        "(mkdir -p {folder}).",
    },
    "import.is_folder": {
        "zh": '{path} 是文件夹，不是文件。逐个导入其中的表格：for f in {path}/*.xlsx; do kpi import "$f"; done',
        "en": "{path} is a folder, not a file. Import its sheets one by one: "
        'for f in {path}/*.xlsx; do kpi import "$f"; done',
    },
    "quantity.wrong_kind_unit": {
        "zh": "「{raw}」是{kind}，而该指标的单位是「{unit}」，二者不能换算。请核对是否填错了指标，或按「{unit}」填报该指标的数值。",
        "en": "'{raw}' is {kind}, but this indicator is counted in '{unit}'; the two do not "
        "convert. Check that this is the right indicator, or give its value in {unit}.",
    },
    "sheet.total_missing": {
        "zh": "已填{period} {amount}，但累计列「{total}」为空：请填写截至该日的累计数（本期数不能代替累计数）",
        "en": "{period} holds {amount}, but the running total '{total}' is blank: fill in the "
        "total to date (this period's amount cannot stand for it)",
    },
    "check.above_later": {
        "zh": "「{id}」在之后的 {later} 累计为 {after}，新填的 {value} 比它大，累计数之后会减少（日期或数值写错？）。",
        "en": "'{id}' stands at {after} on the later date {later}; {value} is more, so the "
        "running total would fall after it (a wrong date or value?).",
    },
    "status.period_closed": {
        "zh": "周期 {period} 已于 {end} 结束：以下为最终结果（已完成 / 未完成），不再计算序时进度的滞后。",
        "en": "Period {period} ended on {end}: these are its final results (done / missed); "
        "nothing is behind pace any more.",
    },
    # closed periods by default (issue 9, part 3)
    "period.none_open": {
        "zh": "没有进行中的周期：最近的周期 {period} 已于 {end} 结束，以下为其最终结果（已完成 / 未完成）。",
        "en": "No period is under way: the latest, {period}, ended on {end}; these are its "
        "final results (done / missed).",
    },
    "summary.none_open": {
        "zh": "没有进行中的周期：最近的周期 {period} 已于 {end} 结束，以下为其最后一周 {week} 的周报，状态均为最终结果（已完成 / 未完成）。",
        "en": "No period is under way: the latest, {period}, ended on {end}; this is its final "
        "week, {week}, and every state is final (done / missed).",
    },
    "due.none_open": {
        "zh": "没有进行中的周期，不再需要填报。",
        "en": "No period is under way, so no report is due.",
    },
    "transition.missed": {"zh": "到期未完成", "en": "missed at the period end"},
    # results, context figures, commitments and qualifiers (issue 9, the numbers side)
    "state.result": {"zh": "已报告结果", "en": "result reported"},
    "state.context": {"zh": "背景", "en": "context"},
    "measure.result": {"zh": "结果", "en": "result"},
    "measure.context": {"zh": "背景", "en": "context"},
    "verdict.exceeded": {"zh": "超额完成", "en": "exceeded"},
    "verdict.met": {"zh": "完成", "en": "met"},
    "verdict.unstated": {"zh": "未说明", "en": "not stated"},
    "targets.no_target_for": {
        "zh": "measure: {measure} 的指标没有目标值（报告未给出），请删去 target，实际数写在 actual",
        "en": "a measure: {measure} indicator has no target (the report states none): remove "
        "target and give the figure as actual",
    },
    "targets.verdict_only_result": {
        "zh": "只有 measure: result 的指标才能有 verdict（{choices}）",
        "en": "only a measure: result indicator has a verdict ({choices})",
    },
    # the words side: tasks, honours, groups, start stages, assumed owners (issue 9)
    "measure.task": {"zh": "任务", "en": "task"},
    "measure.honour": {"zh": "荣誉", "en": "honour"},
    "task.target": {"zh": "任务", "en": "task"},
    "cli.logged_note": {
        "zh": "已记录 {id}（{name}）进展：「{note}」，截至 {date}。",
        "en": "Logged progress on {id} ({name}): '{note}' as of {date}.",
    },
    "cli.logged_task_done": {
        "zh": "已记录 {id}（{name}）于 {date} 完成。",
        "en": "Logged {id} ({name}) as done on {date}.",
    },
    "targets.task_target": {
        "zh": "measure: task 的任务没有数量目标，请删除 target（完成与否用 kpi log ID 完成 记录）",
        "en": "a measure: task indicator has no figure to reach: remove target (log "
        "kpi log ID done when it is done)",
    },
    "targets.task_actual": {
        "zh": "任务的 actual 只能是「{done}」（报告写明已完成时）",
        "en": "a task's actual can only be '{done}' (when the report says it was done)",
    },
    "targets.bad_source_line": {
        "zh": "source_line 应为报告中的行号（不小于 1 的整数），而不是「{value}」",
        "en": "source_line is a line of the report (a whole number from 1), not '{value}'",
    },
    "targets.start_only_milestone": {
        "zh": "只有 measure: milestone 或 honour 的指标才能有 start（起始阶段）",
        "en": "only a measure: milestone or honour indicator has a start stage",
    },
    "targets.start_not_before": {
        "zh": "起始阶段「{start}」应在目标阶段「{target}」之前，否则无进度可计",
        "en": "the start stage '{start}' must come before the target stage '{target}', "
        "or there is no progress to count",
    },
    "targets.members_only_count": {
        "zh": "只有计数指标（measure: total 或 level）才能列 members",
        "en": "only a count (measure: total or level) can list members",
    },
    "targets.member_unknown": {
        "zh": "「{group}」的成员「{id}」未在本文件中声明，请检查 id 拼写{hint}",
        "en": "'{group}' lists the member '{id}', which this file does not declare: check the "
        "id{hint}",
    },
    "targets.member_not_milestone": {
        "zh": "「{group}」的成员「{id}」是{measure}指标，成员只能是 milestone 或 honour",
        "en": "'{group}' lists '{id}', a {measure} indicator: members are milestones or honours",
    },
    "targets.member_period": {
        "zh": "「{group}」（{group_period}）的成员「{id}」属于 {period} 年度，成员应与所在计数同一周期",
        "en": "'{group}' ({group_period}) lists '{id}' of period {period}: a member belongs to "
        "its count's period",
    },
    "targets.member_twice": {
        "zh": "「{id}」已是「{other}」的成员，不能再列入「{group}」，一个项目只计一次",
        "en": "'{id}' is already a member of '{other}' and cannot also be one of '{group}': "
        "a project counts once",
    },
    "targets.members_over_target": {
        "zh": "「{group}」的目标是 {target}，却列了 {count} 个成员：成员不能多于它所计的数",
        "en": "'{group}' counts {target} but lists {count} members: a count cannot name more "
        "than it counts",
    },
    "list.owner_assumed": {"zh": "{owner}（暂定）", "en": "{owner} (assumed)"},
    "status.owner_assumed": {
        "zh": "责任单位为本文件暂定（报告未列明）。",
        "en": "Owners marked as assumed are this file's assumption (the report names none).",
    },
    # -- files (issue 10)
    "file.exists": {
        "zh": "{path} 已存在，未覆盖。请换一个文件名，或加 --force 覆盖它。",
        "en": "{path} exists and was left alone. Choose another name, or pass --force to "
        "replace it.",
    },
    "file.unwritable": {
        "zh": "无法写入 {path}（{reason}），未留下任何文件。请检查磁盘空间和该文件夹的写入权限后重试。",
        "en": "Cannot write {path} ({reason}); nothing was left behind. Check the free disk "
        "space and your permission to write in that folder, then try again.",
    },
    "store.backup_damaged": {
        "zh": "数据库 {db} 已损坏（{reason}），未写入备份 {path}。请先停止填报，再用最近一次完好的备份恢复（见 README.zh-CN.md「备份与恢复」一节）。",
        "en": "The database {db} is damaged ({reason}); no backup was written to {path}. Stop "
        "logging to it and restore the latest sound backup (README, 'Backup and restore').",
    },
    # -- hostile spreadsheets, CSV and text (issue 10)
    "text.control": {
        "zh": "{field}含有控制字符 {code}，请删去后重试（这种字符看不见，多半是粘贴时带进来的）。",
        "en": "{field} contains the control character {code}; remove it and try again (such "
        "characters are invisible and usually come with a paste).",
    },
    "text.not_utf8": {
        "zh": "{field}不是有效的 UTF-8 文字，请把终端或脚本的编码设为 UTF-8 后重试。",
        "en": "{field} is not valid UTF-8 text; set the terminal or script to UTF-8 and try again.",
    },
    "text.argument_not_utf8": {
        "zh": "命令行参数「{shown}」不是有效的 UTF-8 文字：请把终端或脚本的编码设为 UTF-8；文件名不是 UTF-8 的，请先改名再用。",
        "en": "The argument '{shown}' is not valid UTF-8 text: set the terminal or script to "
        "UTF-8; a file whose name is not UTF-8 needs renaming first.",
    },
    "text.stdin_not_utf8": {
        "zh": "标准输入第 {line} 行不是有效的 UTF-8 文字，未写入任何记录。请把内容另存为 UTF-8 后重试；GBK 编码的表格可以用 kpi import 文件 导入。",
        "en": "Line {line} of standard input is not valid UTF-8 text; nothing was written. Save "
        "it as UTF-8 and try again; a GBK sheet can be imported with kpi import FILE.",
    },
    "text.separator": {"zh": "、", "en": ", "},
    "field.value": {"zh": "数值", "en": "The value"},
    "field.note": {"zh": "备注（--note）", "en": "The note (--note)"},
    "field.by": {"zh": "填报人（--by 或 KPI_USER）", "en": "The author (--by or KPI_USER)"},
    "field.source": {"zh": "来源（--source）", "en": "The source (--source)"},
    "field.key": {"zh": "键（--key）", "en": "The key (--key)"},
    "field.indicator": {"zh": "指标", "en": "The indicator"},
    "field.column": {"zh": "「{heading}」列", "en": "The column '{heading}'"},
    "field.line": {"zh": "这一行", "en": "This line"},
    "import.field_too_large": {
        "zh": "{path} 第 {number} 行有一个单元格超过 {limit} 个字符（或引号没有配对，把后面的内容都连成了一格），未写入任何记录。请检查该行的引号，或把过长的内容删短后重试。",
        "en": "Row {number} of {path} has a cell longer than {limit} characters (or a quote "
        "without its pair, which runs the rest of the file into one cell); nothing was "
        "written. Check that row's quotes, or shorten the text, and try again.",
    },
    "yaml.control": {
        "zh": "含有控制字符 {code}（看不见，多半是粘贴时带进来的）；文本中只可有制表符和换行。请删去它。",
        "en": "holds the control character {code} (invisible, usually pasted in); a text may hold "
        "only tabs and line breaks. Remove it.",
    },
    "import.unclosed_quote": {
        "zh": '{path} 第 {number} 行的引号 " 没有闭合，其后各行会被当作这一格的内容，未写入任何记录。请补上或删去这个引号后再导入。',
        "en": 'Row {number} of {path} opens a quote (") that is never closed, so every row after '
        "it would be read as that one cell; nothing was written. Close or remove the quote and "
        "import again.",
    },
    "import.csv_broken": {
        "zh": "{path} 第 {number} 行无法按 CSV 读取（{reason}），未写入任何记录。请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入。",
        "en": "Row {number} of {path} cannot be read as CSV ({reason}); nothing was written. "
        "Save it from Excel as 'CSV UTF-8' or .xlsx and import that.",
    },
    "import.too_large": {
        "zh": "{path} 解压后超过 {limit} MB，超出了 kpitrack 导入的范围，未写入任何记录。请只把要导入的数据复制到一个新工作簿后再导入。",
        "en": "{path} unpacks to more than {limit} MB, more than kpitrack imports; nothing was "
        "written. Copy just the data to import into a new workbook and import that.",
    },
    "sheet.too_big": {
        "zh": "{path} 的工作表「{sheet}」在 {cell} 有内容，超出了 kpitrack 导入的范围（至多 {rows} 行、{columns} 列），未写入任何记录。请删去该处内容，或只把数据复制到一个新工作表后再导入。",
        "en": "Sheet '{sheet}' of {path} has content at {cell}, beyond what kpitrack imports "
        "(at most {rows} rows and {columns} columns); nothing was written. Delete what is "
        "there, or copy just the data to a new sheet and import that.",
    },
    "sheet.too_many_cells": {
        "zh": "{path} 的工作表「{sheet}」有超过 {cells} 个非空单元格，超出了 kpitrack 导入的范围，未写入任何记录。请只把要导入的数据复制到一个新工作表后再导入。",
        "en": "Sheet '{sheet}' of {path} has more than {cells} cells with content, more than "
        "kpitrack imports; nothing was written. Copy just the data to import into a new sheet "
        "and import that.",
    },
    "sheet.hidden_sheets": {
        "zh": "跳过了隐藏的工作表{sheets}；要导入其中的数据，请用 --sheet 指定。",
        "en": "Skipped the hidden sheet(s) {sheets}; to import one, name it with --sheet.",
    },
    "sheet.hidden_rows": {
        "zh": "跳过了 {count} 个隐藏行（第 {rows} 行）；要导入这些行，请在表中取消隐藏后重新导入。",
        "en": "Skipped {count} hidden row(s) (row {rows}); to import them, unhide them in the "
        "sheet and import again.",
    },
    "sheet.no_header_hidden": {
        "zh": "{path} 的工作表（{sheets}）中找不到表头：需要一行同时有 指标编号 或 指标名称（指标）和 数值（完成值）列。第一行有内容的是：{found}。隐藏的工作表{hidden}没有读取，要导入其中的数据，请用 --sheet 指定。",
        "en": "No visible sheet of {path} ({sheets}) has a header row: one with an id or name "
        "column and a value column. The first row with content holds: {found}. The "
        "hidden sheet(s) {hidden} were not read; to import one, name it with --sheet.",
    },
    "sheet.twin_value_column": {
        "zh": "{heading}（与「{first}」同为数值列：两列都填且不一致的行报错）",
        "en": "{heading} (a value column like '{first}': a row filling both with different "
        "figures is an error)",
    },
    "sheet.values_differ": {
        "zh": "「{first}」填 {one}，「{other}」填 {two}，两列都是数值列，不知以哪个为准。请只保留一列，或改为一致后重试",
        "en": "'{first}' says {one} and '{other}' says {two}: both are value columns, and which "
        "one holds the figure is unclear. Keep one of them, or make them agree",
    },
    # -- targets.yaml and dates: tags, aliases, far dates, extreme numbers (issue 10)
    "yaml.tag": {
        "zh": "kpitrack 的文件不用 YAML 标签（{tag}）：请删去标签，直接写值",
        "en": "kpitrack's files carry no YAML tags ({tag}): remove the tag and write the value "
        "itself",
    },
    "yaml.alias_loop": {
        "zh": "别名 *{anchor} 指向包含它自己的内容，展开没有尽头：请改为直接写出内容",
        "en": "the alias *{anchor} refers to the value it is inside, which never ends: write the "
        "values out instead",
    },
    "yaml.too_many_values": {
        "zh": "别名（*名称）展开后文件超过 {limit} 个值，不像是一份指标声明：请少用别名，直接写出内容",
        "en": "once its aliases (*name) are expanded the file holds more than {limit} values, "
        "far beyond a declaration: use fewer aliases and write the values out",
    },
    "yaml.too_deep": {
        "zh": "嵌套超过 {depth} 层，不像是一份指标声明：请检查括号是否成对",
        "en": "nested more than {depth} levels deep, far beyond a declaration: check that "
        "brackets are paired",
    },
    "targets.date_out_of_range": {
        "zh": "「{value}」不在 1900-01-01 至 2200-12-31 之间：请检查年份",
        "en": "'{value}' is not between 1900-01-01 and 2200-12-31: check the year",
    },
    "targets.date_with_time": {
        "zh": "「{value}」带有时刻：kpitrack 按天记录，请只写日期，如 2024-06-30",
        "en": "'{value}' has a time of day: kpitrack counts in days, so write the date alone, "
        "like 2024-06-30",
    },
    "targets.number_out_of_range": {
        "zh": "「{value}」超出范围：应为 {low} 到 {high} 之间的数",
        "en": "'{value}' is out of range: give a number from {low} to {high}",
    },
    "targets.not_finite": {
        "zh": "「{value}」不是有限的数：请写一个具体的数，如 -30",
        "en": "'{value}' is not a finite number: give a plain number, such as -30",
    },
    "dates.out_of_range": {
        "zh": "{option}「{value}」不在 1900-01-01 至 2200-12-31 之间，请检查年份。",
        "en": "{option} '{value}' is not between 1900-01-01 and 2200-12-31; check the year.",
    },
    "dates.year_out_of_range": {
        "zh": "--year {value} 不在 1900 年至 2200 年之间，请检查年份，如 2024。",
        "en": "--year {value} is not between 1900 and 2200; check the year, as in 2024.",
    },
    "dates.week_out_of_range": {
        "zh": "--week「{value}」不在 1900 年至 2200 年之间，请检查年份，如 2024-W27。",
        "en": "--week '{value}' is not between 1900 and 2200; check the year, as in 2024-W27.",
    },
    # -- the storage seam: several declarations, one database (issue 11)
    "store.scope_clash": {
        "zh": "指标 {id} 已由另一份声明「{other}」（{other_path}）持有，不能再由「{scope}」（{path}）声明：同一个编号只能属于一份 targets.yaml。请换一个编号；若这是同一份声明换了位置，请在 targets.yaml 顶部写 scope: {other}",
        "en": "Indicator {id} is held by another declaration, '{other}' ({other_path}); '{scope}' "
        "({path}) cannot declare it too: an id belongs to one targets.yaml. Choose another id; if "
        "this is the same declaration moved, write scope: {other} at the top of targets.yaml.",
    },
    "store.unnamed_clash": {
        "zh": "{path} 没有写 scope:，而数据库中未命名的声明上次来自 {other}；按 {path} 同步会让其中 {count} 个指标（{ids}）退役。几个部门共用一个数据库时，请在每份 targets.yaml 顶部写 scope: 部门名；若 {path} 就是搬了位置的同一份文件、确要去掉这些指标，请在顶部写 scope: default。",
        "en": "{path} has no scope:, and the database's unnamed declaration last came from {other}; "
        "syncing {path} would retire {count} of its indicators ({ids}). When departments share a "
        "database, write scope: <department> at the top of each targets.yaml; if {path} is the "
        "same file moved and those indicators are really gone, write scope: default.",
    },
    "fault.server": {
        "zh": "无法使用数据库服务器 {server}：{reason}。请确认服务器在运行，地址、用户名和口令无误。",
        "en": "Cannot use the database server {server}: {reason}. Check that it is running and "
        "that the address, user and password are right.",
    },
    "fault.privilege": {
        "zh": "数据库服务器 {server} 拒绝了这次操作：{reason}。当前的数据库角色没有这项权限，请找管理员（见 README.zh-CN.md「数据库服务器（PostgreSQL）」一节）。",
        "en": "The database server {server} refused this: {reason}. The database role in use "
        "lacks the right; ask the administrator (README, 'PostgreSQL').",
    },
    "fault.server_full": {
        "zh": "数据库服务器 {server} 的磁盘已满，本次没有写入任何内容。请让管理员腾出空间后重试。",
        "en": "The database server {server} is out of disk space; nothing was written. Ask the "
        "administrator to free some space, then try again.",
    },
    "fault.server_readonly": {
        "zh": "数据库服务器 {server} 只能读、不能写（{reason}），本次没有写入任何内容。",
        "en": "The database server {server} can be read but not written ({reason}); nothing "
        "was written.",
    },
    "copy.same": {
        "zh": "来源和目标是同一个数据库（{path}）。请给出另一个目标：一个新的 .db 文件或一个空的 postgresql:// 数据库。",
        "en": "The source and the destination are the same database ({path}). Give another "
        "destination: a new .db file or an empty postgresql:// database.",
    },
    "copy.not_empty": {
        "zh": "目标数据库 {path} 已有指标或记录，kpitrack 不会把两个数据库混在一起。请复制到一个新的 .db 文件或一个空的数据库。",
        "en": "The destination {path} already holds indicators or entries; kpitrack does not mix "
        "two databases. Copy into a new .db file or an empty database.",
    },
    "cli.copied": {
        "zh": "已从 {source} 复制到 {destination}：{indicators} 个指标，{entries} 条记录，{voids} 次作废，{restores} 次恢复，{imports} 次导入。",
        "en": "Copied {source} to {destination}: {indicators} indicators, {entries} entries, "
        "{voids} voids, {restores} restores, {imports} imports.",
    },
    "progress.rate": {"zh": "{rate} 行/秒", "en": "{rate} rows/s"},
    "progress.copying": {"zh": "复制中", "en": "Copying"},
    "store.no_psycopg": {
        "zh": '要使用 PostgreSQL 数据库，需要先安装 psycopg：pip install "kpitrack[postgresql]"（{reason}）。',
        "en": 'A PostgreSQL database needs psycopg: pip install "kpitrack[postgresql]" ({reason}).',
    },
    "store.unknown_scheme": {
        "zh": "不认识数据库地址 {location}：--db 可以是 SQLite 文件的路径（如 kpi.db），或 postgresql:// 开头的 PostgreSQL 地址。",
        "en": "Unknown database address {location}: --db is a SQLite file's path (such as kpi.db) "
        "or a postgresql:// URL.",
    },
    "copy.no_source": {
        "zh": "要复制的数据库 {path} 不存在（或是空文件）。请检查文件名。",
        "en": "The database to copy, {path}, does not exist (or is empty). Check its name.",
    },
    "copy.empty_source": {
        "zh": "要复制的数据库 {path} 中没有任何指标或记录，没有可复制的内容。请检查地址。",
        "en": "The database to copy, {path}, holds no indicators and no entries: nothing to copy. "
        "Check the address.",
    },
    "store.no_scope": {
        "zh": "数据库中没有名为「{scope}」的声明。已有的声明：{scopes}。",
        "en": "The database holds no declaration named '{scope}'. Those it holds: {scopes}.",
    },
    # -- spreadsheets to forward (issue 12)
    "export.sheet_as_of": {
        "zh": "截至 {as_of} · 周期 {period}",
        "en": "As of {as_of} · period {period}",
    },
    "export.sheet_as_of_all": {
        "zh": "截至 {as_of} · 全部周期",
        "en": "As of {as_of} · all periods",
    },
    "export.by_section_xlsx": {
        "zh": "--by-section 只用于 .xlsx 文件（每个领域一张工作表），{path} 不是；请改用 .xlsx 文件名，或去掉 --by-section。",
        "en": "--by-section works only for an .xlsx file (one sheet per area), and {path} is not one; name an .xlsx file, or leave out --by-section.",
    },
    "export.by_section_entries": {
        "zh": "--by-section 只用于完成情况（--what status）；导出记录时请去掉它。",
        "en": "--by-section is for the status (--what status); leave it out when exporting entries.",
    },
    # -- pages for leaders: report page, charts, live view (issue 12)
    "chart.label": {"zh": "{name}（截至 {date}）", "en": "{name} (as of {date})"},
    "chart.no_entries": {"zh": "尚无填报", "en": "No entries yet"},
    "chart.months": {
        "zh": "1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月",
        "en": "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
    },
    "chart.actual": {"zh": "实际", "en": "actual"},
    "chart.pace": {"zh": "序时进度", "en": "pace"},
    "chart.target": {"zh": "目标", "en": "target"},
    "chart.forecast": {"zh": "预测", "en": "forecast"},
    "page.bad_suffix": {
        "zh": "kpi report 写出的是网页：{path} 的扩展名须为 .html。要 PDF，请在浏览器中打开网页后打印为 PDF。",
        "en": "kpi report writes a web page: {path} must end in .html. For a PDF, open the page "
        "in a browser and print it to PDF.",
    },
    "chart.bad_suffix": {
        "zh": "不知道如何写出 {path}：图表文件的扩展名须为 .svg 或 .png。",
        "en": "Cannot tell how to write {path}: a chart's file name ends in .svg or .png.",
    },
    "chart.no_font": {
        "zh": "找不到中文字体，无法生成 PNG（中文会显示为方框）：请安装 Noto Sans CJK SC（Debian/Ubuntu：apt install fonts-noto-cjk）、文泉驿或微软雅黑，或改用 .svg。",
        "en": "No Chinese font found, so no PNG (its Chinese would show as boxes): install Noto "
        "Sans CJK SC (Debian/Ubuntu: apt install fonts-noto-cjk), WenQuanYi or Microsoft YaHei, "
        "or write an .svg instead.",
    },
    "chart.written": {
        "zh": "已写入 {path}（{count} 个指标）。",
        "en": "Wrote {path} ({count} {count:indicator|indicators}).",
    },
    "page.written": {
        "zh": "已写入 {path}（{count} 个指标）。",
        "en": "Wrote {path} ({count} {count:indicator|indicators}).",
    },
    "page.title": {"zh": "工作报告指标完成情况", "en": "Work report indicators"},
    "page.as_of": {"zh": "截至", "en": "As of"},
    "page.period": {"zh": "周期", "en": "Period"},
    "page.owner_filter": {"zh": "责任单位：", "en": "Owner: "},
    "page.counts": {"zh": "指标", "en": "Indicators"},
    "page.actual": {"zh": "实际", "en": "Actual"},
    "page.target": {"zh": "目标", "en": "Target"},
    "page.completion": {"zh": "完成率", "en": "Completion"},
    "page.pace": {"zh": "序时进度", "en": "pace"},
    "page.gap": {"zh": "差距", "en": "gap"},
    "page.forecast": {"zh": "预计全期", "en": "Forecast"},
    "page.needed": {"zh": "尚需", "en": "Still needed"},
    "page.owner": {"zh": "责任单位", "en": "Owner"},
    "page.last_update": {"zh": "最近填报", "en": "Last update"},
    "page.stages": {"zh": "阶段", "en": "Stages"},
    "page.note": {"zh": "进展", "en": "Note"},
    "page.will_miss": {"zh": "预计未完成", "en": "will miss"},
    "page.no_rows": {"zh": "没有符合条件的指标。", "en": "No indicator matches."},
    "page.assumed": {
        "zh": "责任单位标注（暂定）的，为 targets.yaml 的暂定分工，以实际分工为准。",
        "en": "Owners marked (assumed) are targets.yaml's assumption, not a confirmed assignment.",
    },
    "page.area_completion": {"zh": "本节完成率", "en": "section completion"},
    "page.history": {"zh": "填报记录", "en": "History"},
    "page.entries": {"zh": "填报记录", "en": "Entries"},
    "page.date": {"zh": "日期", "en": "Date"},
    "page.value": {"zh": "填报值", "en": "Value"},
    "page.by": {"zh": "填报人", "en": "By"},
    "page.logged_at": {"zh": "录入时间", "en": "Logged at"},
    "page.voided": {"zh": "已作废", "en": "voided"},
    "page.back": {"zh": "← 返回总览", "en": "← Back to the report"},
    "page.generated": {"zh": "由 kpi 生成", "en": "Made by kpi"},
    "serve.bad_date": {
        "zh": "参数 as_of 的值「{value}」不是日期：请写成 2024-06-30 的形式。",
        "en": "as_of '{value}' is not a date: write it as 2024-06-30.",
    },
    "serve.bad_lang": {
        "zh": "参数 lang 的值「{value}」不认识：可用 zh 或 en。",
        "en": "lang '{value}' is not known: use zh or en.",
    },
    "serve.not_found": {
        "zh": "没有这个页面：{path}。总览在 /，接口在 /api/status 等。",
        "en": "No such page: {path}. The report is at /, the data at /api/status and others.",
    },
    "serve.read_only": {
        "zh": "这是只读页面，不接受 {method} 请求：填报请用 kpi log。",
        "en": "This view is read-only and takes no {method} request: log figures with kpi log.",
    },
    "serve.listening": {
        "zh": "kpi serve 已启动：http://{host}:{port}/ （按 Ctrl+C 停止）",
        "en": "kpi serve is listening: http://{host}:{port}/ (Ctrl+C stops it)",
    },
    # -- import and export at scale (issue 13)
    "progress.import_check": {"zh": "检查中", "en": "Checking"},
    "progress.import_write": {"zh": "写入中", "en": "Writing"},
    "progress.exporting": {"zh": "导出中", "en": "Exporting"},
    # -- summary lists up to a limit (issue 13)
    "summary.more": {
        "zh": "另有 {count} 条未列出，加 --all 查看全部。",
        "en": "{count} more not listed; --all lists every one.",
    },
    # -- help and usage errors in the user's language (issue 14)
    # Help: "help.<command>" is a command's help (first paragraph: the line kpi --help lists;
    # an "Examples" paragraph, one example a line), "help.<command>.<option>" an option's,
    # "help.opt.<option>" the help an option has wherever no command says otherwise.
    "help.kpi": {
        "zh": "跟踪工作报告中的指标：目标写在 targets.yaml，完成值存入 SQLite，在终端查看完成率和序时进度。\n\n"
        "退出码：0 正常；1 --fail-on 指定的情况出现；2 用法或输入有误；3 环境问题（等待后数据库仍被占用、"
        "磁盘已满、只读、已损坏、无权限）；70 意外错误，详情写入提示中给出的文件。",
        "en": "Track a work report's indicators: targets in targets.yaml, actuals in SQLite, "
        "completion and time-elapsed pace in the terminal.\n\n"
        "Exit codes: 0 fine; 1 a condition asked for with --fail-on holds; 2 bad usage or input; "
        "3 the environment (database busy after waiting, disk full, read-only, damaged, "
        "permission); 70 an unexpected error, its details written to a file the message names.",
    },
    "help.kpi.version": {"zh": "显示版本号。", "en": "Show the version."},
    "help.opt.help": {"zh": "显示本帮助并退出。", "en": "Show this help and exit."},
    "help.list": {
        "zh": "列出已声明的指标及其编号、目标和责任单位（默认列出所有周期）。\n\n"
        "示例：\nkpi list --period 2024 --format csv --bom > 指标清单.csv\nkpi list --retired",
        "en": "List the declared indicators with their ids, targets and owners (all periods by "
        "default).\n\n"
        "Examples:\nkpi list --period 2024 --format csv --bom > indicators.csv\nkpi list --retired",
    },
    "help.list.retired": {
        "zh": "列出已从 targets.yaml 删除、仍保留在数据库中的指标。",
        "en": "List the indicators removed from targets.yaml, kept in the database.",
    },
    "help.status": {
        "zh": "按领域分组，显示各指标对照目标和序时进度的完成情况。\n\n"
        "不给 --period 时：显示 --as-of 当天（默认今天）正在进行的周期；若没有，则显示最近结束的周期及其"
        "最终状态（已完成 / 未完成），并在标准错误输出上说明。已结束的周期状态是最终的：未完成不算滞后，"
        "所以 --fail-on behind 只对进行中的周期成立。\n\n"
        "示例：\nkpi status\nkpi status --as-of 2024-06-30 --format json\nkpi status --period 2023\n"
        "kpi status --fail-on behind --format markdown",
        "en": "Completion against target and against time-elapsed pace, grouped by area.\n\n"
        "Without --period: the period under way on the --as-of date (default today). When none "
        "is, the latest period that has ended, with its final states (done / missed) and a note "
        "on stderr saying so. A period that has ended is final: missed is not behind, so "
        "--fail-on behind holds only for a period still under way.\n\n"
        "Examples:\nkpi status\nkpi status --as-of 2024-06-30 --format json\n"
        "kpi status --period 2023\nkpi status --fail-on behind --format markdown",
    },
    "help.due": {
        "zh": "按责任单位分组，列出报送周期已过却没有填报的指标。\n\n"
        "每个报送周期（targets.yaml 中的每周、每月、每季）结束时应报送一次；之后报送的累计数覆盖之前的"
        "周期；已完成的指标不再催报。已结束的周期不催报：不给 --period 时显示进行中的周期，若没有则在输出中说明。\n\n"
        "示例：\nkpi due\nkpi due --owner 教育局 --format csv\nkpi due --fail-on due",
        "en": "Indicators whose reporting cycle passed without an entry, grouped by owner.\n\n"
        "A report is due at the end of each cycle (weekly, monthly, quarterly in targets.yaml); "
        "a later period-to-date figure covers the cycles before it; done indicators are never "
        "due. A period that has ended is never due: without --period, the period under way is "
        "shown, and when none is, the output says so.\n\n"
        "Examples:\nkpi due\nkpi due --owner Education --format csv\nkpi due --fail-on due",
    },
    "help.summary": {
        "zh": "一周（或任意时段）内的变化：填报、进展、状态变化、逾期未报。\n\n"
        "同一数据库、同一时段，得到的摘要总是相同。不给 --week、--since 或 --until 时：进行中周期的上一个"
        "完整周。没有进行中的周期时，取最近一个周期的最后一周（含其最后一天的 ISO 周，如 2024 年对应 "
        "2025-W01），其状态是最终的，并在标准错误输出上说明。只给一个已结束周期的 --period，也取它的最后一周。"
        "给了时段而没给 --period 时：取含时段最后一天的周期。已结束的周期 --fail-on behind 不成立：未完成是最终"
        "状态，不是滞后。\n\n"
        "示例：\nkpi summary --week 2024-W27 --format markdown > 周报.md\n"
        "kpi summary --since 2024-07-01 --until 2024-07-31 --format json",
        "en": "What changed in a week (or any window): entries, movement, state changes, overdue "
        "reports.\n\n"
        "The same database and window always give the same summary. Without --week, --since or "
        "--until: the last complete week, of the period under way. When no period is under way, "
        "the final week of the latest one (the ISO week holding its last day, e.g. 2025-W01 for "
        "2024), whose states are final; a note on stderr says so. --period of an ended period "
        "alone also gives its final week. With a window and no --period: the period holding its "
        "last day. --fail-on behind never holds for a period that has ended: missed is final, "
        "not behind.\n\n"
        "Examples:\nkpi summary --week 2024-W27 --format markdown > weekly.md\n"
        "kpi summary --since 2024-07-01 --until 2024-07-31 --format json",
    },
    "help.summary.as_of": {
        "zh": "据此选定默认时段的日期。默认：今天。",
        "en": "The day the default window is chosen from. Default: today.",
    },
    "help.summary.week": {
        "zh": "ISO 周，如 2024-W27。默认：上一个完整周；没有进行中的周期时，取最近周期的最后一周。",
        "en": "ISO week such as 2024-W27. Default: the last complete week, or the final week of "
        "the latest period when none is under way.",
    },
    "help.summary.since": {
        "zh": "时段的第一天，代替 --week。",
        "en": "First day of the window, instead of --week.",
    },
    "help.summary.until": {
        "zh": "时段的最后一天。默认：--as-of 的日期。",
        "en": "Last day of the window. Default: --as-of.",
    },
    "help.summary.every": {
        "zh": "表格和 Markdown：列出每一行（否则每个列表列 50 行，并注明其余条数）。JSON 和 CSV 总是列出全部。",
        "en": "Table and Markdown: list every row (else 50 of each list, and a count of the "
        "rest). JSON and CSV always list all.",
    },
    "help.history": {
        "zh": "一个指标的每条填报、由此得到的累计序列、序时进度和预测。\n\n"
        "示例：\nkpi history key-projects-2024\nkpi history key-projects-2024 --all --format csv",
        "en": "Every entry of an indicator, the period-to-date series they make, pace and "
        "forecast.\n\n"
        "Examples:\nkpi history key-projects-2024\nkpi history key-projects-2024 --all --format csv",
    },
    "help.history.indicator_id": {"zh": "指标编号或名称。", "en": "Indicator id or name."},
    "help.history.show_all": {
        "zh": "同时显示已作废的填报，并注明由谁作废。",
        "en": "Show voided entries too, marked with who voided them.",
    },
    "help.report": {
        "zh": "把完成情况写成一个 HTML 网页，便于打印或转发：图表、信号灯、序时进度。\n\n"
        "文件自成一体（样式和图表都在文件内，不联网取任何东西），手机上可读，A4 纸可打印，每个领域一页。\n\n"
        "示例：\nkpi report -o 2024-06.html --as-of 2024-06-30\nkpi report -o 教育局.html --owner 教育局",
        "en": "Write the status as one HTML page to print or forward: charts, lights, pace.\n\n"
        "The file holds everything (styles and charts inline, nothing fetched), reads on a phone "
        "and prints on A4, a section a page.\n\n"
        "Examples:\nkpi report -o 2024-06.html --as-of 2024-06-30\n"
        "kpi report -o education.html --owner Education",
    },
    "help.chart": {
        "zh": "把指标的图表（序列、序时进度、目标、预测）画成一张 .svg 或 .png 图片。\n\n"
        "SVG 就是网页报告里的图；PNG 需要本机装有中文字体（Noto Sans CJK SC、文泉驿、微软雅黑或苹方）。\n\n"
        "示例：\nkpi chart signed-projects-landed -o 签约项目.png\nkpi chart A B -o 两项.svg",
        "en": "Draw indicators' charts (series, pace, target, forecast) as one .svg or .png "
        "picture.\n\n"
        "The SVG is the drawing the report page shows; a PNG needs a Chinese font on this "
        "machine (Noto Sans CJK SC, WenQuanYi, Microsoft YaHei or PingFang).\n\n"
        "Examples:\nkpi chart signed-projects-landed -o signed.png\nkpi chart A B -o two.svg",
    },
    "help.chart.indicator_ids": {
        "zh": "指标编号或名称，可给多个。",
        "en": "Indicator ids or names.",
    },
    "help.serve": {
        "zh": "以只读方式实时提供报告网页。\n\n"
        "页面：/（可加 ?as_of= &period= &area= &owner= &lang=）、/indicators/ID；--format json 的数据在 "
        "/api/status、/api/due、/api/summary、/api/history/ID、/api/list、/api/imports。它提供的任何内容都"
        "不会写入数据。除非用 --host 另行指定，只在本机监听。\n\n"
        "示例：\nkpi serve --host 0.0.0.0 --port 8080",
        "en": "Serve the report page live, read-only.\n\n"
        "Pages: / (with ?as_of= &period= &area= &owner= &lang=), /indicators/ID; the JSON of "
        "--format json at /api/status, /api/due, /api/summary, /api/history/ID, /api/list, "
        "/api/imports. Nothing it serves writes. It listens on this computer only unless --host "
        "says otherwise.\n\n"
        "Example:\nkpi serve --host 0.0.0.0 --port 8080",
    },
    "help.serve.host": {
        "zh": "监听的地址；0.0.0.0 会向办公室网络开放。",
        "en": "Address to listen on; 0.0.0.0 opens it to the office's network.",
    },
    "help.serve.port": {"zh": "监听的端口（1–65535）。", "en": "Port to listen on (1–65535)."},
    "help.log": {
        "zh": "为指标记录一个完成值。不覆盖任何内容：每条填报都会保留。\n\n"
        "看起来有误的数——累计数下降、跳变超过 5 倍、超过目标 3 倍、百分比填成 0.74、阶段倒退——会被拒绝并说明"
        "原因；加 --force 则照写，并标记为已确认。\n\n"
        "ID 写成 - 时，从标准输入每行读一条「ID 值 [日期]」（或带表头的 CSV：id, value, date, note, by, "
        "source, key），全部检查无误后一次写入。\n\n"
        "示例：\nkpi log key-projects-2024 5 --date 2024-06-30\n"
        "kpi log key-projects-2024 +2 --key weekly-2024-W27\nkpi log tencent-esports 建成\n"
        "kpi log - < 本周填报.txt",
        "en": "Record an actual for an indicator. Nothing is overwritten: each entry is kept.\n\n"
        "A figure that looks wrong — a running total that falls, a jump of more than 5 times, "
        "more than 3 times the target, 0.74 for a percent, a stage going backwards — is refused "
        "with the reason; --force writes it, marked as confirmed.\n\n"
        "With - as the ID, reads one 'ID VALUE [DATE]' per line from stdin (or CSV with a "
        "header: id, value, date, note, by, source, key), checks them all, and writes them in "
        "one go.\n\n"
        "Examples:\nkpi log key-projects-2024 5 --date 2024-06-30\n"
        "kpi log key-projects-2024 +2 --key weekly-2024-W27\nkpi log branch-brands done\n"
        "kpi log - < this-week.txt",
    },
    "help.log.indicator_id": {
        "zh": "指标编号或名称（见 kpi list）；写 - 则从标准输入读取多条。",
        "en": "Indicator id or name (see kpi list), or - to read many from stdin.",
    },
    "help.log.value": {
        "zh": "累计数（35.2亿、3520万元、21）、增量（+3）、读数（95%）、阶段名称（开工），或任务的进展说明或「完成」。",
        "en": "Period-to-date figure (21, or 35.2 with or without the unit targets.yaml gives), "
        "an increment (+3), a reading (95%), a stage name as targets.yaml lists it, or for a "
        "task a progress note or done.",
    },
    "help.log.key": {
        "zh": "这条填报的名字；同一个名字再次填报不会重复记录，脚本可以放心重跑。",
        "en": "A name for this entry; logging the same key again adds nothing, so a script can "
        "safely run twice.",
    },
    "help.opt.on": {
        "zh": "这个数所对应的日期。默认：今天。",
        "en": "The date the figure is true for. Default: today.",
    },
    "help.import": {
        "zh": "导入部门报送的完成值表格：所有行都检查无误后才写入。\n\n"
        "按表头识别列，中英文均可：id/指标编号 或 name/指标名称/指标，value/数值/完成值/本期完成（可带单位："
        "数值（亿元）），date/日期/截至日期/时间/报告期，unit/单位，note/备注，by/填报人，source/来源，key/键，"
        "确认。表头上方的标题行、数据前的「填表说明」工作表和数据下方的签字行都会跳过；不认识的列会列出。没有日期列"
        "的表按 --date 的日期，否则按今天。有错的行会使整个导入停止（逐行列出行号），除非加 --skip-bad。数据库中"
        "已有的行（同一指标、日期和数值）不会重复添加，所以同一张表换个文件名重发也不会多记。每次导入有一个编号"
        "（kpi imports）；kpi undo --import N 整批作废。看起来有误的行（见 kpi log）会被拒绝，除非加 --force 或"
        "其「确认」单元格写着「确认」。CSV 可以是 UTF-8（带或不带 BOM）、GBK 或 UTF-16（Excel 的 Unicode 文本），"
        "以逗号、制表符或分号分隔。隐藏的工作表和行会跳过并说明；.xlsx 最多读取 100,000 行、200 列。\n\n"
        "示例：\nkpi import 6月填报.xlsx --source 区教育局月报",
        "en": "Import a department's spreadsheet of actuals: every row is checked before any is "
        "written.\n\n"
        "Columns by heading: id or name, value (a unit may follow in brackets: value (km)), "
        "date, unit, note, by, source, key, confirm; or their Chinese headings, listed in the "
        "Chinese help (KPI_LANG=zh). Title rows above the header, an instructions sheet before "
        "the data and signature lines under it are passed over; the columns "
        "not recognised are named. A sheet without a date column is dated by --date, else today. "
        "A bad row stops the whole import (each is listed with its row number) unless --skip-bad. "
        "A row already in the database (same indicator, date and value) is not added again, so a "
        "re-sent copy of a sheet under any name adds nothing. Each import gets a number (kpi "
        "imports); kpi undo --import N voids it whole. Rows that look wrong (see kpi log) are "
        "refused unless --force or their confirm cell says yes. CSV may be UTF-8 (with or without "
        "BOM), GBK or UTF-16 (Excel's Unicode text), separated by commas, TABs or semicolons. "
        "Hidden sheets and rows are skipped, and said; an .xlsx is read up to 100,000 rows and "
        "200 columns.\n\n"
        "Example:\nkpi import june.xlsx --source 'Education monthly report'",
    },
    "help.import.path": {"zh": ".csv 或 .xlsx 文件。", "en": "A .csv or .xlsx file."},
    "help.import.on": {
        "zh": "没有日期列的表中每一行的日期。默认：今天（输出中会说明）。有日期列的表保留每行自己的日期。",
        "en": "The date for every row of a sheet without a date column. Default: today (the "
        "output says so). A sheet with a date column keeps each row's date.",
    },
    "help.import.sheet": {
        "zh": "要读取的工作表，按名称或序号（1 为第一张）。默认：第一张能识别出表头的工作表。",
        "en": "The workbook's sheet to read, by name or number (1 is the first). Default: the "
        "first sheet with a recognisable header.",
    },
    "help.import.skip_bad": {
        "zh": "写入正确的行，列出有错的行。",
        "en": "Write the good rows and list the bad ones.",
    },
    "help.undo": {
        "zh": "作废填报：不再计入，历史中仍保留，并记下由谁作废、为何作废。\n\n"
        "不给编号时，指出你自己最近的一条填报并先询问（脚本用 --yes）；它不会越过这一条，所以连续运行两次不会作废"
        "更早的填报。kpi restore 可恢复已作废的填报。\n\n"
        "示例：\nkpi undo 65 69 --note 误报，应为上月数据\nkpi undo --import 3\nkpi undo --yes",
        "en": "Void entries: they stop counting, and the history keeps them with who voided them "
        "and why.\n\n"
        "Without a number, names your own latest entry and asks first (--yes for scripts); it "
        "never reaches past it, so running it twice does not void an older entry. kpi restore "
        "brings a voided entry back.\n\n"
        "Examples:\nkpi undo 65 69 --note 'sent last month by mistake'\nkpi undo --import 3\nkpi undo --yes",
    },
    "help.undo.entries": {
        "zh": "填报编号（见 kpi history）；要么全部作废，要么都不作废。默认：你最近的一条，先询问。",
        "en": "Entry numbers (kpi history); all are voided or none. Default: your latest entry, "
        "after asking.",
    },
    "help.undo.import_number": {
        "zh": "作废第 N 次导入中仍在计入的每条填报（见 kpi imports）。",
        "en": "Void every entry of import N that still counts (kpi imports).",
    },
    "help.undo.yes": {
        "zh": "不给编号时：不询问，直接作废你最近的一条填报。",
        "en": "Without a number: void your latest entry unasked.",
    },
    "help.restore": {
        "zh": "恢复一条已作废的填报：重新计入，kpi history --all 会显示由谁、何时、为何恢复。之后仍可再次作废。\n\n"
        "示例：\nkpi restore 65 --note 误作废",
        "en": "Bring a voided entry back: it counts again, and kpi history --all shows who "
        "restored it, when and why. It can be voided again later.\n\n"
        "Example:\nkpi restore 65 --note 'voided by mistake'",
    },
    "help.amend": {
        "zh": "更正一条填报：一次完成记入正确的值、作废错误的一条，两者相互关联。\n\n"
        "示例：\nkpi amend 42 6 --note 上报时少计一个项目",
        "en": "Correct an entry: log the right value and void the wrong one, linked, in one go."
        "\n\nExample:\nkpi amend 42 6 --note 'one project left out'",
    },
    "help.amend.value": {
        "zh": "更正后的值，写法同 kpi log。",
        "en": "The corrected value, as for kpi log.",
    },
    "help.amend.on": {
        "zh": "更正后的日期。默认：沿用原填报的日期。",
        "en": "A corrected date. Default: the entry's own.",
    },
    "help.imports": {
        "zh": "按编号列出每次导入：文件、时间、导入人、写入的行数和仍在计入的行数。\n\n"
        "示例：\nkpi imports\nkpi undo --import 3",
        "en": "Every import by number: file, when, by whom, rows written and rows still "
        "counting.\n\nExamples:\nkpi imports\nkpi undo --import 3",
    },
    "help.init": {
        "zh": "按 targets.yaml 创建或更新数据库（可重复运行）。\n\n"
        "报告中已说明的结果（targets.yaml 中的 actual:）只记入一次，日期为所属周期的最后一天。\n\n"
        "示例：\nkpi init --targets targets.yaml",
        "en": "Create or update the database from targets.yaml (safe to run again).\n\n"
        "The results the report states (actual: in targets.yaml) are logged once, as of the end "
        "of their period.\n\nExample:\nkpi init --targets targets.yaml",
    },
    "help.validate": {
        "zh": "检查 targets.yaml；每个问题都指出所在行和键。\n\n"
        "文件只能是纯数据：不接受 YAML 标签；别名可以共用一个值，但展开后不得超过 100,000 个值；所有日期在 "
        "1900-01-01 至 2200-12-31 之间，所有数都是有限数（阈值在 -1000 到 0 之间）。\n\n"
        "示例：\nkpi validate --targets draft.yaml",
        "en": "Check targets.yaml; every problem is named with its line and key.\n\n"
        "The file is plain data: YAML tags are refused, aliases may share a value but not expand "
        "the file past 100,000 values, every date lies within 1900-01-01..2200-12-31 and every "
        "number is finite (thresholds between -1000 and 0).\n\n"
        "Example:\nkpi validate --targets draft.yaml",
    },
    "help.export": {
        "zh": "把填报记录或完成情况写入表格或 JSON；格式由扩展名决定。\n\n"
        "完成情况工作簿顶部是截至日期和周期，每个指标一行、按状态着色并用文字写明状态，数字就是数字（单位在表头"
        "或「单位」列）。已有的 FILE 不会被覆盖，除非加 --force。\n\n"
        "示例：\nkpi export 全部记录.xlsx\nkpi export 完成情况.xlsx --what status --as-of 2024-06-30 "
        "--by-section",
        "en": "Write entries or the status to a spreadsheet or JSON; the extension picks the "
        "format.\n\n"
        "A status workbook has the as-of date and period on top, a coloured row per indicator "
        "with its state in words, numbers as numbers (the unit in the heading or a unit column). "
        "An existing FILE is never overwritten unless --force is given.\n\n"
        "Examples:\nkpi export entries.xlsx\n"
        "kpi export status.xlsx --what status --as-of 2024-06-30 --by-section",
    },
    "help.export.path": {
        "zh": "写到哪里：.csv、.xlsx 或 .json。",
        "en": "Where to write: .csv, .xlsx or .json.",
    },
    "help.export.what": {
        "zh": "entries（填报记录，可再导入）或 status（完成情况）。",
        "en": "entries (re-importable) or status.",
    },
    "help.export.by_section": {
        "zh": "完成情况导出为 .xlsx 时：总表之后每个领域一张工作表。",
        "en": "Status to .xlsx: one sheet per area after the whole table.",
    },
    "help.export.show_all": {
        "zh": "填报记录：包括已作废的，并加标记。",
        "en": "Entries: include voided ones, marked.",
    },
    "help.export.force": {
        "zh": "FILE 已存在时覆盖它（否则不动）。",
        "en": "Replace FILE if it exists (else it is left alone).",
    },
    "help.copy": {
        "zh": "在不同引擎之间复制整个数据库：每条填报、作废、恢复和导入，连同其编号，所以两边 kpi export 的结果"
        "相同。\n\n"
        "源数据库只读不写；目标必须是新的或空的，在一个事务中写入。\n\n"
        "示例：\nkpi copy kpi.db postgresql://kpi@db.example/district\n"
        "kpi copy postgresql://kpi@db.example/district 本地副本.db",
        "en": "Copy a whole database between engines: every entry, void, restore and import, "
        "with their numbers, so kpi export gives the same file from either.\n\n"
        "The source is only read; the destination must be new or empty, and is written in one "
        "transaction.\n\n"
        "Examples:\nkpi copy kpi.db postgresql://kpi@db.example/district\n"
        "kpi copy postgresql://kpi@db.example/district local-copy.db",
    },
    "help.copy.source": {
        "zh": "要复制的数据库：.db 文件或网址。",
        "en": "The database to copy: a .db file or a URL.",
    },
    "help.copy.destination": {
        "zh": "新的 .db 文件，或一个空的 postgresql:// 数据库。",
        "en": "A new .db file, or an empty postgresql:// database.",
    },
    "help.backup": {
        "zh": "用 SQLite 的在线备份复制数据库，别人正在填报时也安全。\n\n"
        "副本会经过检查（quick_check）：已损坏的数据库会被拒绝，退出码 3。已有的 FILE 不会被覆盖。\n\n"
        "示例：\nkpi backup backups/kpi-2024-07-01.db",
        "en": "Copy the database through SQLite's online backup, safe while others are "
        "logging.\n\n"
        "The copy is checked (quick_check): a damaged database is refused, exit code 3. An "
        "existing FILE is never overwritten.\n\nExample:\nkpi backup backups/kpi-2024-07-01.db",
    },
    "help.backup.path": {"zh": "要创建的备份文件。", "en": "The backup file to create."},
    "help.extract": {
        "zh": "从工作报告起草 targets.yaml：列出每一条带数量的表述，供人审阅。\n\n"
        "示例：\nkpi extract 报告.docx --year 2024 > draft.yaml\nkpi validate --targets draft.yaml\n"
        "kpi extract 报告.pdf --merge targets.yaml",
        "en": "Draft a targets.yaml from a work report: every quantified statement, for "
        "review.\n\n"
        "Examples:\nkpi extract report.docx --year 2024 > draft.yaml\n"
        "kpi validate --targets draft.yaml\nkpi extract report.pdf --merge targets.yaml",
    },
    "help.extract.report": {
        "zh": "报告文件：.txt（UTF-8 或 GBK）、.docx，或带文字层的 .pdf。",
        "en": "The report: .txt (UTF-8 or GBK), .docx, or a .pdf with a text layer.",
    },
    "help.extract.year": {
        "zh": "报告所讲的年份：计划归入这一年，成绩归入上一年（报告只回顾时归入这一年）；写明年份的标题优先。"
        "默认：报告中出现的第一个年份。",
        "en": "The year the report is about: its plans go there, its results to the year before "
        "(or to this year when the report only looks back); a heading that names its year "
        "wins. Default: the first year the report names.",
    },
    "help.extract.merge": {
        "zh": "不出草稿，而是把报告与这个 targets.yaml 对照：报告有而它没有的、数字不同的，以及反过来的（用文字"
        "表述、对不上任何内容的任务另行列出，不算缺失）。",
        "en": "Instead of a draft, compare the report with this targets.yaml: what the report has "
        "that it lacks, figures that differ, and the reverse (tasks declared in words that match "
        "nothing are listed apart, not claimed missing).",
    },
    "help.template": {
        "zh": "生成部门填写用的 .xlsx：其指标、上次报送的情况；除新数值、日期和备注外，其余单元格均锁定；"
        "kpi import 可读回。\n\n"
        "之前生成的空白模板会被替换；已填写的模板或其他文件，只有加 --force 才替换。\n\n"
        "示例：\nkpi template --owner 区体育局 -o 区体育局.xlsx\n"
        "kpi template --list-owners（每行一个，便于循环：见 examples/monthly-templates.sh）",
        "en": "Write the .xlsx a department fills in: its indicators, what they last reported, "
        "and locked cells except the new figure, its date and a note; kpi import reads it "
        "back.\n\n"
        "A blank template written before is replaced; a filled-in one, or any other file, only "
        "with --force.\n\n"
        "Examples:\nkpi template --owner Sports -o sports.xlsx\n"
        "kpi template --list-owners (one per line, for a loop: see examples/monthly-templates.sh)",
    },
    "help.template.owner": {
        "zh": "只包含这个责任单位的指标（写法同 targets.yaml）。默认：全部。",
        "en": "Only this owner's indicators (the owner field of targets.yaml). Default: all.",
    },
    "help.template.output": {"zh": "要写出的 .xlsx 文件。", "en": "The .xlsx file to write."},
    "help.template.force": {
        "zh": "即使文件已填写或不是模板，也覆盖它。",
        "en": "Overwrite the file even if it is filled in or not a template.",
    },
    "help.template.list_owners": {
        "zh": "每行列出一个本周期的责任单位，不写任何文件。",
        "en": "Print the period's owners, one per line, and write nothing.",
    },
    # options many commands share
    "help.opt.area": {
        "zh": "只看编号等于此值、或名称包含此值的领域（如 民生）。",
        "en": "Only areas whose id is this, or whose name contains it (e.g. welfare).",
    },
    "help.opt.as_of": {
        "zh": "按这一天的情况报告。默认：今天。",
        "en": "Report as things stood on this date. Default: today.",
    },
    "help.opt.bom": {
        "zh": "与 --format csv 一起用：文件以 UTF-8 BOM 开头，便于 Excel 打开。",
        "en": "With --format csv: start with a UTF-8 byte-order mark, for Excel.",
    },
    "help.opt.by": {
        "zh": "填报人。默认：KPI_USER 或登录名。",
        "en": "Who reports it. Default: KPI_USER or the login name.",
    },
    "help.opt.db": {
        "zh": "数据库：SQLite 文件，或服务器的 postgresql:// 网址。默认：targets.yaml 旁的 kpi.db。",
        "en": "The database: a SQLite file, or a postgresql:// URL for a server. Default: kpi.db "
        "beside targets.yaml.",
    },
    "help.opt.entry": {"zh": "填报编号（见 kpi history）。", "en": "Entry number (kpi history)."},
    "help.opt.fail_on": {
        "zh": "出现以下情况时以退出码 1 结束：behind（滞后或严重滞后；已结束的周期是最终的，算未完成而不算滞后）、"
        "far-behind（严重滞后）、breached（越过约束线）、due（逾期未报）、missed（周期结束时未达目标）。可重复给出。",
        "en": "Exit with code 1 when this holds: behind (behind or far behind; a period that has "
        "ended is final, missed and never behind), far-behind, breached, due (a report "
        "overdue), missed (a period ended short of a target). Repeatable.",
    },
    "help.opt.force": {
        "zh": "照写看起来有误的数（累计数下降、跳变、阶段倒退）：由你确认，历史中会注明已确认。",
        "en": "Write a figure that looks wrong (a falling total, a jump, a stage going back): "
        "you confirm it, and the history shows it was confirmed.",
    },
    "help.report.force": {
        "zh": "文件已存在时替换它（否则不动）。",
        "en": "Replace the file if it exists (else it is left alone).",
    },
    "help.chart.force": {
        "zh": "文件已存在时替换它（否则不动）。",
        "en": "Replace the file if it exists (else it is left alone).",
    },
    "help.opt.lang": {
        "zh": "界面语言：zh 或 en。默认：KPI_LANG，否则按系统区域设置（en_* 为英文，其余为中文）。",
        "en": "Interface language: zh or en. Default: KPI_LANG, else the locale (zh unless en_*).",
    },
    "help.opt.no_color": {
        "zh": "即使在终端上也不用颜色（也可设置 NO_COLOR）。",
        "en": "No colour, even on a terminal (NO_COLOR works too).",
    },
    "help.opt.note": {"zh": "原因，或这个数包含什么。", "en": "Why, or what it covers."},
    "help.opt.output": {
        "zh": "table（给人看）、json、csv 或 markdown。",
        "en": "table (for people), json, csv or markdown.",
    },
    "help.report.output": {"zh": "要写出的文件。", "en": "The file to write."},
    "help.chart.output": {"zh": "要写出的文件。", "en": "The file to write."},
    "help.opt.owner": {
        "zh": "只看名称包含此值的责任单位。",
        "en": "Only owners (targets.yaml's owner field) whose name contains this.",
    },
    "help.opt.period": {
        "zh": "要看的周期：年份（如 2024）、周期标签或 all。默认：进行中的周期，否则最近结束的周期。",
        "en": "Period to show: a year such as 2024, a period label, or 'all'. Default: the "
        "period under way, else the latest that has ended.",
    },
    "help.opt.quiet": {"zh": "不显示进度条。", "en": "No progress bar."},
    "help.opt.scope": {
        "zh": "多个 targets.yaml 共用一个数据库时，只看其中一份声明的指标（它的 scope:，未写则为 default）。"
        "默认：全部。",
        "en": "Only the indicators of one declaration (its scope: in targets.yaml, else "
        "default), in a database several targets.yaml files share. Default: all of them.",
    },
    "help.opt.source": {
        "zh": "数的来源（某份文件、某次会议）。",
        "en": "Where the figure comes from (a document, a meeting).",
    },
    "help.opt.targets": {
        "zh": "使用的 targets.yaml。默认：当前文件夹或最近的上级文件夹中的 targets.yaml。",
        "en": "targets.yaml to use. Default: targets.yaml in this folder or the nearest above.",
    },
    # help panels and the words around the help
    "help.panel.arguments": {"zh": "参数", "en": "Arguments"},
    "help.panel.options": {"zh": "选项", "en": "Options"},
    "help.panel.commands": {"zh": "命令", "en": "Commands"},
    "help.panel.reports": {
        "zh": "报表（--format table|json|csv|markdown）",
        "en": "Reports (--format table|json|csv|markdown)",
    },
    "help.panel.recording": {"zh": "填报", "en": "Recording actuals"},
    "help.panel.files": {"zh": "文件", "en": "Files"},
    "help.default": {"zh": "[默认：{value}]", "en": "[default: {value}]"},
    "help.envvar": {"zh": "[环境变量：{name}]", "en": "[env var: {name}]"},
    "help.required": {"zh": "[必填]", "en": "[required]"},
    # usage errors: what Click found wrong in a command line, one sentence and where to look
    "usage.usage": {"zh": "用法：", "en": "Usage: "},
    "usage.options": {"zh": "[选项]", "en": "[OPTIONS]"},
    "usage.command": {"zh": "命令 [参数]...", "en": "COMMAND [ARGS]..."},
    "usage.error": {"zh": "错误", "en": "Error"},
    "usage.try_help": {
        "zh": "运行 {command} --help 查看说明。",
        "en": "Try '{command} --help' for help.",
    },
    "usage.no_such_command": {"zh": "没有「{name}」这个命令。", "en": "No such command '{name}'."},
    "usage.did_you_mean": {"zh": "是否想用 {names}？", "en": " Did you mean {names}?"},
    "usage.no_such_option": {
        "zh": "{command} 没有 {name} 这个选项。",
        "en": "{command} has no option {name}.",
    },
    "usage.missing_command": {
        "zh": "缺少命令：请在 kpi 后写上命令名。",
        "en": "Missing command: name one after kpi.",
    },
    "usage.missing_argument": {"zh": "缺少参数 {name}。", "en": "Missing argument {name}."},
    "usage.missing_option": {"zh": "缺少选项 {name}。", "en": "Missing option {name}."},
    "usage.requires_value": {
        "zh": "选项 {name} 后面要跟一个值。",
        "en": "Option {name} needs a value after it.",
    },
    "usage.takes_no_value": {
        "zh": "选项 {name} 不带值。",
        "en": "Option {name} does not take a value.",
    },
    "usage.bad_choice": {
        "zh": "{name} 的值「{value}」不可用，可选：{choices}。",
        "en": "'{value}' is not a choice for {name}: use one of {choices}.",
    },
    "usage.bad_number": {
        "zh": "{name} 须为整数，如 42。",
        "en": "{name} must be a whole number, such as 42.",
    },
    "usage.bad_value": {
        "zh": "{name} 的值不对：{reason}",
        "en": "Invalid value for {name}: {reason}",
    },
    "usage.extra_arguments": {
        "zh": "多出了参数：{args}。",
        "en": "Unexpected extra argument(s): {args}.",
    },
    "usage.list_separator": {"zh": "、", "en": ", "},
    # -- reports as they arrive (issue 14)
    "extract.no_text": {
        "zh": "「{path}」里没有报告文字：请确认选对了文件。",
        "en": "'{path}' holds no report text: check that this is the right file.",
    },
    "extract.unknown_encoding": {
        "zh": "「{path}」既不是 UTF-8 也不是 GBK 编码的文字：请用记事本打开，另存为 UTF-8 后再运行 kpi extract。",
        "en": "'{path}' is text in neither UTF-8 nor GBK: open it in a text editor, save it as UTF-8 and run kpi extract again.",
    },
    "extract.not_a_document": {
        "zh": "「{path}」不是 kpi extract 能读的报告：请把报告另存为 .docx、带文字的 .pdf 或 .txt 后再运行。",
        "en": "'{path}' is not a report kpi extract can read: save the report as .docx, a PDF with text, or .txt and run it again.",
    },
    "extract.old_office": {
        "zh": "「{path}」是旧版 Office 文件（.doc/.xls）：请在 Word 里另存为 .docx 后再运行 kpi extract。",
        "en": "'{path}' is an old Office file (.doc/.xls): save it from Word as .docx and run kpi extract again.",
    },
    "extract.picture": {
        "zh": "「{path}」是图片，没有可读的文字：请先用 OCR 识别出文字，或把文字复制到 .txt 文件里再运行 kpi extract。",
        "en": "'{path}' is a picture with no text to read: run OCR on it first, or copy the text into a .txt file and run kpi extract on that.",
    },
    "extract.scanned_pdf": {
        "zh": "「{path}」是扫描的 PDF，没有文字层：请先用 OCR 识别出文字，或把文字复制到 .txt 文件里再运行 kpi extract。",
        "en": "'{path}' is a scanned PDF with no text layer: run OCR on it first, or copy the text into a .txt file and run kpi extract on that.",
    },
    "extract.unreadable": {
        "zh": "「{path}」打不开（文件已损坏或加了密码）：请在 Word 或 PDF 阅读器里打开后另存一份，再运行 kpi extract。",
        "en": "'{path}' cannot be opened (damaged or password-protected): open it in Word or a PDF reader, save a copy and run kpi extract on that.",
    },
    "extract.reader_missing": {
        "zh": "读取这种报告需要 Python 包 {package}，但没有安装：请运行 pip install {package}（或重新安装 kpitrack）。",
        "en": "Reading this kind of report needs the Python package {package}, which is not installed: run pip install {package} (or reinstall kpitrack).",
    },
    "extract.nothing_found": {
        "zh": "「{path}」里没有找到任何指标、项目或任务，没有生成初稿：请确认这是工作报告的正文。",
        "en": "No indicator, project or task was found in '{path}', so no draft was written: check that this is the text of a work report.",
    },
    # -- English output without Chinese words (issue 14)
    "unit.kind.count": {"zh": "以「{unit}」计的数量", "en": "a count in {unit}"},
    "unit.kind.money": {"zh": "金额", "en": "an amount of money"},
    "unit.kind.percent": {"zh": "百分比", "en": "a percentage"},
    "unit.kind.length": {"zh": "长度", "en": "a length"},
    "unit.kind.area": {"zh": "面积", "en": "an area"},
    "unit.kind.weight": {"zh": "重量", "en": "a weight"},
    "unit.kind.days": {"zh": "天数", "en": "a number of days"},
    "unit.kind.hours": {"zh": "小时数", "en": "a number of hours"},
    "unit.kind.number": {"zh": "纯数字", "en": "a plain number"},
    "words.aside": {"zh": "{text}（{aside}）", "en": "{text} ({aside})"},
    "words.separator": {"zh": "、", "en": ", "},
    "words.quoted": {"zh": "「{text}」", "en": "'{text}'"},
    "words.numbered": {"zh": "{n}「{text}」", "en": "{n} '{text}'"},
    "summary.section": {"zh": "【{title}】", "en": "{title}"},
    "draft.untitled": {"zh": "（无标题）", "en": "(untitled)"},
    "draft.header": {
        "zh": "# 由 kpi extract 从 {report} 生成的初稿：请逐条核对，review: true 的尤其需要人工确认。\n"
        "# 成绩归入 {filed} 年（measure: result，带 actual 和报告的 verdict），"
        "计划归入 {year} 年；章节标题写明年份的，按标题。\n"
        "# 具名项目为 milestone，荣誉为 honour，无数字的工作为 task，"
        "“当前…”为 context（不计分）。\n",
        "en": "# A draft kpi extract made from {report}: check every item, above all those with "
        "review: true.\n"
        "# Results go to {filed} (measure: result, with the actual and the report's verdict), "
        "plans to {year}; a section whose title names a year goes there.\n"
        "# Named projects are milestones, honours honour, work without a figure task, "
        'present figures ("currently…") context (not scored).\n',
    },
    # -- help, usage errors and the files commands write, in the user's language (issue 14)
    "usage.either": {"zh": "{first} 或 {last}", "en": "{first} or {last}"},
    "page.pace_and_gap": {
        "zh": "（序时进度 {pace}，差距 {gap}）",
        "en": " (pace {pace}, gap {gap})",
    },
    # an export's headings: in English the names kpi import reads (id, value, date...)
    "export.col.entry": {"zh": "记录编号", "en": "entry"},
    "export.col.id": {"zh": "指标编号", "en": "id"},
    "export.col.name": {"zh": "指标名称", "en": "name"},
    "export.col.value": {"zh": "数值", "en": "value"},
    "export.col.unit": {"zh": "单位", "en": "unit"},
    "export.col.date": {"zh": "日期", "en": "date"},
    "export.col.note": {"zh": "备注", "en": "note"},
    "export.col.by": {"zh": "填报人", "en": "by"},
    "export.col.source": {"zh": "来源", "en": "source"},
    "export.col.key": {"zh": "键", "en": "key"},
    "export.col.confirm": {"zh": "确认", "en": "confirm"},
    "export.col.logged_at": {"zh": "记录时间", "en": "logged_at"},
    "export.col.voided_at": {"zh": "作废时间", "en": "voided_at"},
    "export.col.voided_by": {"zh": "作废人", "en": "voided_by"},
    "export.col.void_note": {"zh": "作废原因", "en": "void_note"},
    "export.col.replaced_by": {"zh": "更正为", "en": "replaced_by"},
    "export.col.area": {"zh": "领域", "en": "area"},
    "export.col.owner": {"zh": "责任单位", "en": "owner"},
    "export.col.target": {"zh": "目标", "en": "target"},
    "export.col.actual": {"zh": "实际", "en": "actual"},
    "export.col.stage": {"zh": "阶段", "en": "stage"},
    "export.col.completion": {"zh": "完成率", "en": "completion"},
    "export.col.pace": {"zh": "序时进度", "en": "pace"},
    "export.col.gap_pp": {"zh": "差距（百分点）", "en": "gap (points)"},
    "export.col.state": {"zh": "状态", "en": "state"},
    "export.col.forecast": {"zh": "全期预计", "en": "forecast"},
    "export.col.needed_per_cycle": {"zh": "剩余每期需完成", "en": "needed per cycle"},
    "export.col.cycle": {"zh": "填报周期", "en": "cycle"},
    "export.col.last_update": {"zh": "最近更新", "en": "last update"},
    "export.col.commitment": {"zh": "承诺用语", "en": "commitment"},
    "export.col.actual_approx": {"zh": "实际限定词", "en": "actual qualifier"},
    "export.sheet.entries": {"zh": "记录", "en": "Entries"},
    "export.sheet.status": {"zh": "完成情况", "en": "Status"},
    "export.confirmed": {"zh": "确认", "en": "yes"},  # a confirm cell kpi import accepts
    # kpi template's workbook: its headings kpi import reads back (sheets.HEADINGS) in either
    "template.sheet.data": {"zh": "填报", "en": "Fill in"},
    "template.sheet.guide": {"zh": "填表说明", "en": "Instructions"},
    "template.col.id": {"zh": "指标编号", "en": "id"},
    "template.col.name": {"zh": "指标名称", "en": "name"},
    "template.col.unit": {"zh": "单位", "en": "unit"},
    "template.col.target": {"zh": "目标", "en": "target"},
    "template.col.last": {"zh": "上次填报", "en": "last value"},
    "template.col.last_day": {"zh": "上次日期", "en": "last date"},
    "template.col.value": {"zh": "本期完成", "en": "value"},
    "template.col.date": {"zh": "截至日期", "en": "date"},
    "template.col.note": {"zh": "备注", "en": "note"},
    "template.col.confirm": {"zh": "确认", "en": "confirm"},
    "template.stage_unit": {"zh": "阶段", "en": "stage"},
    "template.all": {"zh": "全部指标", "en": "All indicators"},
    "template.offices": {"zh": "各单位", "en": "each office"},
    "template.book_title": {"zh": "{owner} 填报表", "en": "{owner}: figures to fill in"},
    "template.title": {
        "zh": "{owner} 指标完成情况填报表（截至 {as_of}）",
        "en": "{owner}: indicator figures to fill in (as of {as_of})",
    },
    "template.signature": {
        "zh": "填报人：　　　　　审核人：　　　　　联系电话：",
        "en": "Filled in by:          Checked by:          Phone:",
    },
    "template.guide": {
        "zh": "填表说明\n"
        "\n"
        "本表由 kpitrack（kpi template）生成，供 {owner} 填报指标完成情况；"
        "「上次填报」「上次日期」为截至 {as_of} 已填报的数据，从未填报的留空。\n"
        "1. 请在「填报」工作表中填写，只需填写「本期完成」「截至日期」「备注」三列"
        "（必要时「确认」列），其余各列已锁定。\n"
        "2. 「本期完成」：累计类指标填写本周期开始以来的累计完成数，不要填当月增量"
        "（填 3 即表示累计共 3）。比率类指标填写当前数值。\n"
        "3. 除任务外，「本期完成」只能填数字，不写单位，按「单位」列的单位填写："
        "单位为亿元时，3500万元请填 0.35。百分比填 76 或 76% 均可。\n"
        "4. 里程碑指标（单位为「阶段」）请在下拉列表中选择已达到的阶段。"
        "任务（「目标」列为「任务」）请在「本期完成」写明进展情况，已全部完成的只填「完成」二字。\n"
        "5. 填了「本期完成」的行必须填写「截至日期」，即数据对应的日期，如 2024-09-30；"
        "只写月份（如 2024年9月）按月末记录。未填日期的行导入时报错。\n"
        "6. 没有新数据的指标整行留空即可，导入时跳过。请勿增删行列、修改表头或工作表名称。\n"
        "7. 表下可写填报人、审核人、联系电话，导入时忽略。\n"
        "8. 导入时如提示某行数据异常（如累计数减少、比上次大幅增加），经核实无误的，"
        "请在该行「确认」列选择“确认”后重新发回。\n"
        "9. 填好后发回统计人员，由其执行：kpi import 本文件.xlsx",
        "en": "Instructions\n"
        "\n"
        "kpitrack (kpi template) wrote this workbook for {owner} to report its indicators; "
        "'last value' and 'last date' are what was reported up to {as_of}, blank where nothing "
        "was.\n"
        "1. Fill in the 'Fill in' sheet: only the value, date and note columns (and confirm "
        "when asked); the other columns are locked.\n"
        "2. value: for a running total, the total since the period began, not this month's "
        "increase (3 means 3 in all). For a rate, its current value.\n"
        "3. Except for tasks, value takes a number only, without a unit, in the unit of the "
        "unit column: a percentage as 76 or 76%.\n"
        "4. A milestone (unit: stage): choose the stage reached from the drop-down list. A task "
        "(target: task): write what progress was made in value, or just done when it is "
        "done.\n"
        "5. A row with a value needs its date, the day the figure is true for, such as "
        "2024-09-30; a month alone (2024-09) is read as its last day. A row without a date is "
        "refused on import.\n"
        "6. Leave the row of an indicator with no new figure empty: it is skipped. Do not add or "
        "remove rows or columns, or change the headings or the sheets' names.\n"
        "7. Under the table you may write who filled it in, who checked it and a phone number: "
        "the import passes over them.\n"
        "8. If the import questions a row (a running total that falls, a large jump) and the "
        "figure is right, choose yes in its confirm column and send the workbook back.\n"
        "9. Send the filled-in workbook back to be imported with: kpi import this-file.xlsx",
    },
    "template.number_title": {"zh": "请填写数字", "en": "A number, please"},
    "template.number_error": {
        "zh": "请只填写数字，不写单位，按「单位」列的单位；累计类指标填累计数，不是增量。",
        "en": "A number only, without a unit, in the unit column's unit; for a running total "
        "the total, not the increase.",
    },
    "template.number_prompt": {
        "zh": "截至本期的累计数（比率类为当前值），按「单位」列的单位。",
        "en": "The total up to now (for a rate its current value), in the unit column's unit.",
    },
    "template.stage_title": {"zh": "请选择阶段", "en": "Choose a stage"},
    "template.stage_error": {
        "zh": "请在下拉列表中选择：{stages}",
        "en": "Choose from the drop-down list: {stages}",
    },
    "template.date_title": {"zh": "请填写日期", "en": "A date, please"},
    "template.date_error": {
        "zh": "请填写 {start} 至 {end} 之间的日期，如 {end}。",
        "en": "A date from {start} to {end}, such as {end}.",
    },
    "template.confirm_error": {
        "zh": "如经核实无误，请选择“{word}”；否则留空。",
        "en": "Choose {word} if the figure is checked and right; else leave it empty.",
    },
    # -- examples and words inside English messages, without Chinese (issue 14)
    "unit.known": {
        "zh": "元/万元/亿元、个/万个、家、所、名、%、公顷",
        "en": "yuan, million yuan, billion yuan, %, hectares, km, tons, or a noun such as homes",
    },
    "sheet.month_shown": {
        "zh": "{year}年{month}月",
        "en": "{year}-{month:02d}",
    },
    # a done task's actual cell: the word kpi log takes for it (tasks.DONE_SAYINGS)
    "task.done": {"zh": "完成", "en": "done"},
    # -- a running total below zero is questioned (issue 14, negative values)
    "check.total_below_zero": {
        "zh": "「{id}」是累计数，截至 {date} 将是 {after}，小于零（是否多写了负号？）。",
        "en": "'{id}' is a running total; by {date} it would stand at {after}, below zero "
        "(a minus sign typed by mistake?).",
    },
}

_language: str | None = None


def detect_language() -> str:
    """KPI_LANG wins; then the locale; Chinese is the default audience.

    Where no locale variable is set (a cron job, a service), Python reports the C locale it
    coerced to UTF-8 as en_US, which would turn a weekly summary English; only Windows, whose
    locale comes from the system and not from the environment, is asked."""
    wanted = os.environ.get("KPI_LANG", "").strip().lower()
    if wanted in LANGUAGES:
        return wanted
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    if sys.platform != "win32":
        return "zh"
    current = locale.getlocale()[0] or ""
    return "en" if current.lower().startswith(("en", "english")) else "zh"


def set_language(language: str | None) -> None:
    global _language
    _language = language


def language() -> str:
    return _language or detect_language()


@contextmanager
def one_language() -> Iterator[None]:
    """The language found once for a whole report: a table of 1,000 rows asks for thousands
    of phrases, and each would otherwise read the environment and the locale again."""
    global _language
    before = _language
    _language = language()
    try:
        yield
    finally:
        _language = before


@cache
def _agreeing() -> Any:
    """English says 1 row, 2 rows: a field formatted as ``{count:row|rows}`` is the word
    that agrees with its number, singular for one, plural otherwise. Made when first needed:
    ``import string`` compiles a pattern for its templates, which most commands never use."""
    import string

    class Agreeing(string.Formatter):
        def format_field(self, value: object, format_spec: str) -> str:
            if "|" in format_spec:
                one, many = format_spec.split("|", 1)
                return one if str(value) == "1" else many
            return str(super().format_field(value, format_spec))

    return Agreeing()


def t(key: str, /, **fields: object) -> str:
    """The message ``key`` in the current language, with its fields filled in."""
    template = CATALOGUE[key][language()]
    if "|" in template:  # a word that agrees with its number: {count:row|rows}
        return str(_agreeing().format(template, **fields))
    return template.format(**fields)
