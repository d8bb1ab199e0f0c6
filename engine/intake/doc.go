// Package intake reads files as schools and spreadsheets export them
// (DESIGN §6, §11): CSV in UTF-8, UTF-16 or Windows-1252 with commas,
// semicolons or tabs, and .xlsx sheets; headers named as school systems
// name them (UPN, Legal Surname, NC Year Actual) mapped to impact's columns,
// personal columns dropped before anything reads them; the kind of file;
// and each cell parsed into a value or a message saying what was expected.
// It knows no store: a store reads rows through it.
package intake
