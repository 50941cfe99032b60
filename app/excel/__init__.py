"""Excel workbooks (openpyxl): the results workbook that goes with the minutes."""
