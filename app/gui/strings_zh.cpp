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
    {"help.title", "帮助"},
    {"help.view", "视图"},
    {"help.light", "浅色"},
    {"help.dark", "深色"},
    {"help.scale", "界面缩放 %.0f%%"},
    {"help.language", "语言"},
    {"help.files", "文件"},
    {"help.open", "打开\xe2\x80\xa6"},
    {"help.save", "保存\xe2\x80\xa6"},
    {"help.export_png", "导出 PNG\xe2\x80\xa6"},
    {"help.export_history", "导出训练记录\xe2\x80\xa6"},
    {"help.keys", "按键"},
    {"help.key.space", "空格"},
    {"help.key.space.does", "播放 / 暂停"},
    {"help.key.step", "S  或  \xe2\x86\x92"},
    {"help.key.step.does", "前进一轮（Shift：优化器走一步）"},
    {"help.key.reset", "R"},
    {"help.key.reset.does", "重置：回到第 0 轮，初始权重不变"},
    {"help.key.open_save", "Ctrl+O / Ctrl+S"},
    {"help.key.open_save.does", "打开 / 保存实验（含权重）"},
    {"help.key.undo", "Ctrl+Z / Ctrl+Shift+Z"},
    {"help.key.undo.does", "撤销 / 重做对数据、网络或训练配置的修改（100 步）"},
    {"help.key.scale", "Ctrl + / Ctrl \xe2\x88\x92 / Ctrl 0"},
    {"help.key.scale.does", "界面缩放"},
    {"help.key.full_screen", "F11"},
    {"help.key.full_screen.does", "全屏"},
    {"help.key.present", "F5 / Esc"},
    {"help.key.lesson", "PgDn / PgUp, \xe2\x86\x92 / \xe2\x86\x90"},
    {"help.key.help", "F1"},
    {"help.key.help.does", "本帮助"},
    {"help.key.quit", "Ctrl+Q"},
    {"help.key.quit.does", "退出"},
    {"help.mouse", "鼠标"},
    {"help.mouse.output_view", "输出视图"},
    {"help.mouse.output_view.does", "打开“在输出视图上绘制”（数据面板）后：左键画正类（橙色） \xc2\xb7 右键画负类（蓝色）"},
    {"help.mouse.output_view.more", "Shift + 拖动：擦除 \xc2\xb7 滚轮：缩放 \xc2\xb7 中键拖动或 Alt + 拖动：平移"},
    {"help.mouse.network", "网络"},
    {"help.mouse.network.does", "点击特征可开关它 \xc2\xb7 +/\xe2\x88\x92 增删神经元和隐藏层"},
    {"help.mouse.network.more", "悬停在节点上：在输出视图中放大显示 \xc2\xb7 点击连线或偏置：编辑它"},
    {"help.mouse.files", "文件"},
    {"help.mouse.files.does", "把 .json 实验或 .csv 数据集拖到窗口上"},
    // (end i18n)
};

}  // namespace

std::span<const StringEntry> chinese_table() { return kChinese; }

}  // namespace descent::gui
