// Package export writes the numbers of impact metrics for the tools
// funders and directors work in (DESIGN §14): an Excel workbook, a folder
// of CSV files, and IATI 2.03 activity XML.
//
// Every export is made from one metrics.Result, so a funder's holds what
// the funder view of impact metrics --audience funder holds and nothing
// more: hidden counts stay "<N" or "c", and no note logged with a KPI value
// is exported. The workbook and the CSV files share one table model
// (Sheets): a header row of the keys of impact metrics --json, then typed
// rows of Cells, whose text can never run as a spreadsheet formula.
package export
