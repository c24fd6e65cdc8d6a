#!/usr/bin/python3
"""Test support: fills an exported questionnaire workbook as a spreadsheet program would.

usage: fill_workbook.py IN.xlsx ANSWERS.csv OUT.xlsx

Checks what a supplier opening the workbook meets (questions sheet protected, question cells
locked, answer cells unlocked, drop-downs bound to the hidden options sheet, meta sheet hidden),
then writes each answer of ANSWERS.csv (the answer, evidence and comment columns of a CSV export of
the same template with a response prefilled) into the workbook with openpyxl: numbers as numbers,
dates as spreadsheet dates, the rest as text. Exits 1 naming the first check that fails.
"""
import csv
import datetime
import sys

import openpyxl

ANSWER, EVIDENCE, COMMENT = 9, 10, 11  # 0-based columns J, K, L
FIRST_ROW = 3  # 1-based: stamp, headings, then questions


def fail(message):
    print("FAIL:", message)
    sys.exit(1)


def main(argv):
    wb = openpyxl.load_workbook(argv[1])
    if wb.sheetnames != ["Questions", "Options", "Meta"]:
        fail(f"sheets {wb.sheetnames}")
    questions = wb["Questions"]
    if wb["Meta"].sheet_state != "hidden" or wb["Options"].sheet_state != "hidden":
        fail("the meta and options sheets are not hidden")
    if not questions.protection.sheet:
        fail("the questions sheet is not protected")
    if not questions.cell(FIRST_ROW, 1).protection.locked:
        fail("question cells are not locked")
    if questions.cell(FIRST_ROW, ANSWER + 1).protection.locked:
        fail("answer cells are locked")
    lists = [dv for dv in questions.data_validations.dataValidation if dv.type == "list"]
    if not lists or not all(dv.formula1.startswith("Options!") for dv in lists):
        fail(f"drop-downs not bound to the options sheet: {[dv.formula1 for dv in lists][:3]}")
    with open(argv[2], encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    kinds = {}
    for r in range(FIRST_ROW, questions.max_row + 1):
        kinds[questions.cell(r, 1).value] = (r, questions.cell(r, 7).value or "")
    filled = 0
    for row in rows[2:]:
        qid, answer, evidence, comment = row[0], row[ANSWER], row[EVIDENCE], row[COMMENT]
        r, kind = kinds[qid]
        cell = questions.cell(r, ANSWER + 1)
        if answer:
            filled += 1
            if kind.startswith("number") or kind.startswith("数値"):
                cell.value = float(answer)
            elif kind.startswith("date") or kind.startswith("日付"):
                cell.value = datetime.datetime.strptime(answer, "%Y-%m-%d")
                cell.number_format = "yyyy-mm-dd"
            else:
                cell.value = answer
        if evidence:
            questions.cell(r, EVIDENCE + 1).value = evidence
        if comment:
            questions.cell(r, COMMENT + 1).value = comment
    if filled < 10:
        fail(f"only {filled} answers to fill")
    wb.save(argv[3])
    print(f"filled {filled} answers")


if __name__ == "__main__":
    main(sys.argv)
