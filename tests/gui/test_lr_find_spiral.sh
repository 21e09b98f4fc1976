#!/usr/bin/env bash
# GUI test: the learning-rate range test on spiral-deep-adam, whose full runs reach the bar
# from 0.0008 to 0.015 (see test_lr_find.sh and tests/test_lab_tools.cpp).
# Usage: bash test_lr_find_spiral.sh <descent-binary> <source-dir>
LR_FIND_PRESET=spiral-deep-adam LR_FIND_RANGE="0.0008 0.015" source "$(dirname "$0")/test_lr_find.sh"
