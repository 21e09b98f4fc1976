// app/gui/strings_zh.cpp — the UI's words in Simplified Chinese (see strings.h), key for key
// the English table's (tests/test_strings.cpp fails on a key missing either way). Formulas
// and symbols stay as they are; "%" formats keep the English one's arguments, in order.
#include "gui/strings.h"

namespace descent::gui {

namespace {

constexpr StringEntry kChinese[] = {
    // --- classroom: lesson card, presentation mode, animation export ---
    {"lesson.step_of", "第 %d/%d 步"},
    {"lesson.next", "下一步 \xe2\x96\xb6"},
    {"lesson.previous", "\xe2\x97\x80 上一步"},
    {"lesson.collapse", "\xe2\x96\xbc"},
    {"lesson.expand", "\xe2\x96\xb2 课程"},
    {"lesson.close", "关闭课程"},
    {"lesson.play_epochs", "训练 %ld 轮"},
    {"lesson.play_steps", "走 %ld 步"},
    {"lesson.observe", "观察："},
    {"lesson.question", "问题"},
    {"lesson.reveal", "揭晓"},
    {"lesson.right", "\xe2\x9c\x93 正确"},
    {"lesson.wrong", "\xe2\x9c\x97 不是这个"},
    {"lesson.draw", "画出预测"},
    {"lesson.drawing", "绘制中：在输出视图上拖动"},
    {"lesson.clear_drawing", "清除"},
    {"lesson.pick_first", "先选一个答案，再揭晓"},
    {"lesson.opened", "已打开课程 %s"},
    {"lesson.lessons", "课程"},
    {"help.present", "演示模式：网络、输出和曲线，更大字号，高对比度 / 退出"},
    {"help.lesson_keys", "打开课程时：下一步 / 上一步（演示翻页器）"},
    {"present.hint", "演示模式 \xe2\x80\x94 Esc 退出，PgDn/PgUp 切换课程步骤"},
    {"present.high_contrast", "高对比度"},
    {"present.leave", "退出（Esc）"},
    {"export.title", "导出动画"},
    {"export.menu", "导出动画\xe2\x80\xa6"},
    {"export.gif", "GIF 动画"},
    {"export.png", "PNG 序列"},
    {"export.from", "起始轮次"},
    {"export.to", "结束轮次"},
    {"export.every", "每 K 轮一帧"},
    {"export.fps", "每秒帧数"},
    {"export.scale2", "2\xc3\x97（512 像素）"},
    {"export.file", "文件"},
    {"export.start", "导出"},
    {"export.cancel", "取消"},
    {"export.done", "已写入 %d 帧到 %s"},
    {"export.cancelled", "已取消导出，未写入任何文件"},
    {"export.note", "从初始权重重放训练过程，并绘制输出视图。"},

    // --- top bar, status bar, help window, data panel, file dialog, recipe (helper: ui-a) ---
    // (end ui-a)

    // --- network, neuron detail, doctor strip, inspector, output panel, plots, layers view,
    //     confusion (helper: ui-b) ---
    // (end ui-b)

    // --- lab: compare, LR test, landscape, timeline; actions, app, state messages (helper: ui-c) ---
    // (end ui-c)

    // --- language switch, presets' notes and lessons (helper: i18n) ---
    // (end i18n)
};

}  // namespace

std::span<const StringEntry> chinese_table() { return kChinese; }

}  // namespace descent::gui
