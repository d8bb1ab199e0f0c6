package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schoolstogether/impact/toc"
)

// App is the impact command: its streams and environment, swappable so that
// end-to-end tests drive Run in-process.
type App struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
	// StderrIsTerminal turns progress bars on.
	StderrIsTerminal bool
}

// NewApp returns the App of the real process.
func NewApp() *App {
	return &App{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, Now: time.Now,
		StderrIsTerminal: isTerminal(os.Stderr),
	}
}

// command is one subcommand: its one-line summary and what runs it.
type command struct {
	summary string
	run     func(a *App, args []string) error
}

var commands = map[string]command{
	"init":    {"write an example partnership and CSV templates", (*App).runInit},
	"check":   {"validate toc.yaml and its rules", (*App).runCheck},
	"plan":    {"show every activity's measurement strategy", (*App).runPlan},
	"serve":   {"serve the web app", (*App).runServe},
	"user":    {"manage the logins of the web app", (*App).runUser},
	"log":     {"log a KPI value, or list its history", (*App).runLog},
	"note":    {"add a note or a case study beside the numbers", (*App).runNote},
	"import":  {"import CSVs of KPI values, participation and outcomes", (*App).runImport},
	"imports": {"list imports, or revert one", (*App).runImports},
	"metrics": {"compute the metrics of the four pillars", (*App).runMetrics},
	"backup":  {"copy the database safely while in use", (*App).runBackup},
	"migrate": {"copy the folder's SQLite store into PostgreSQL", (*App).runMigrate},
	"review":  {"approve or return what editors wrote, when review is required", (*App).runReview},
	"status":  {"what is missing for this academic year", (*App).runStatus},
	"lock":    {"lock an academic year against writes, or list the locked ones", (*App).runLock},
	"unlock":  {"open a locked academic year again", (*App).runUnlock},
	"pupil":   {"print everything held about one pupil", (*App).runPupil},
	"forget":  {"erase pupils, on request or when their time is up", (*App).runForget},
	"report":  {"write the HTML impact report", (*App).runReport},
	"export":  {"export the numbers as xlsx, csv or IATI XML", (*App).runExport},
	"demo":    {"build the demo partnership and its report", (*App).runDemo},
}

// commandOrder lists the commands in the order a director meets them.
var commandOrder = []string{"demo", "init", "check", "plan", "log", "note", "import", "imports", "status", "review", "lock", "unlock", "metrics", "report", "export", "serve", "user", "backup", "migrate", "pupil", "forget"}

// Exit codes of DESIGN §4.
const (
	exitOK       = 0
	exitInvalid  = 1
	exitUsage    = 2
	exitInternal = 3
)

// exitCodes maps error codes to exit codes; the web app has its own table
// for HTTP statuses.
var exitCodes = map[toc.Code]int{
	toc.EINVALID:   exitInvalid,
	toc.ENOTFOUND:  exitInvalid,
	toc.ECONFLICT:  exitInvalid,
	toc.EFORBIDDEN: exitInvalid,
	toc.EUSAGE:     exitUsage,
	toc.ENEWER:     exitInternal,
	toc.EREADONLY:  exitInternal,
	toc.EBUSY:      exitInternal,
	toc.EINTERNAL:  exitInternal,
}

// Run runs one command line and returns the process's exit code. What it
// prints is made terminal-safe on the way (terminal.go).
func (a *App) Run(args []string) int {
	out := a.Stdout
	a.Stdout = &terminalSafe{w: out}
	defer func() { a.Stdout = out }()
	if len(args) == 0 {
		a.usage(a.Stderr)
		return exitUsage
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			if _, ok := commands[args[1]]; ok {
				return a.Run([]string{args[1], "--help"})
			}
		}
		a.usage(a.Stdout)
		return exitOK
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(a.Stderr, "impact: unknown command %q: run `impact help` for the commands\n", name)
		return exitUsage
	}
	err := cmd.run(a, args[1:])
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	a.printError(name, err)
	code, ok := exitCodes[toc.ErrorCode(err)]
	if !ok {
		code = exitInternal
	}
	return code
}

// printError writes each problem on a line of its own; positioned problems
// start with FILE:LINE:COL.
func (a *App) printError(cmd string, err error) {
	var list toc.List
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(a.Stderr, oneLine(e.Error()))
		}
		return
	}
	var e *toc.Error
	if errors.As(err, &e) && e.File != "" {
		fmt.Fprintln(a.Stderr, oneLine(err.Error()))
		return
	}
	fmt.Fprintf(a.Stderr, "impact %s: %s\n", cmd, oneLine(err.Error()))
}

// oneLine puts a message on one terminal-safe line.
func oneLine(s string) string { return safeText(strings.ReplaceAll(s, "\n", " ")) }

func (a *App) usage(w io.Writer) {
	fmt.Fprint(w, `impact evaluates a school partnership's impact against its theory of change.

Usage:
  impact COMMAND [flags] [arguments]

Commands:
`)
	for _, n := range commandOrder {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `
Every command works on the partnership folder given by --dir (default: the
current folder, or $IMPACT_DIR). Run "impact COMMAND --help" for its flags and
examples.

Start here:
  impact demo                  # a whole partnership and its report, in ./impact-demo
  impact init my-partnership   # your own: edit toc.yaml, then
  cd my-partnership && impact check && impact plan
`)
}

// usageError marks a command-line mistake (exit code 2).
func usageError(format string, args ...any) error {
	return toc.Errorf(toc.EUSAGE, format, args...)
}

// flags is a FlagSet with the --dir flag every command has, and help text.
type flags struct {
	*flag.FlagSet
	dir string
	db  string // --db, else $IMPACT_DB: where the evidence store is
}

func (a *App) newFlags(name, synopsis, description, examples string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are printed once, on one line, by Run
	f := &flags{FlagSet: fs}
	fs.StringVar(&f.dir, "dir", "", "the partnership folder (default: $IMPACT_DIR, else the current folder)")
	fs.StringVar(&f.db, "db", "", "the evidence store: a postgres:// URL, or a SQLite file (default: $IMPACT_DB, else DIR/impact.db)")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: impact %s\n\n%s\n\nFlags:\n", synopsis, strings.TrimSpace(description))
		fs.PrintDefaults()
		if examples != "" {
			fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(examples, "\n"))
		}
	}
	return f
}

// parse reads flags anywhere among the arguments and returns the others.
// --help prints the usage to stdout and returns flag.ErrHelp.
func (a *App) parse(f *flags, args []string) ([]string, error) {
	var rest []string
	for {
		if err := f.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.SetOutput(a.Stdout)
				f.Usage()
				return nil, err
			}
			if strings.HasPrefix(err.Error(), "flag provided but not defined: ") {
				err = fmt.Errorf("unknown flag %s", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
			}
			return nil, usageError("%v (see impact %s --help)", err, f.Name())
		}
		args = f.Args()
		if len(args) == 0 {
			break
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
	if f.dir == "" {
		f.dir = a.Getenv("IMPACT_DIR")
	}
	if f.dir == "" {
		f.dir = "."
	}
	if f.db == "" {
		f.db = a.Getenv("IMPACT_DB")
	}
	return rest, nil
}

// tocPath is the toc.yaml of the partnership folder.
func (f *flags) tocPath() string { return filepath.Join(f.dir, "toc.yaml") }

// today is IMPACT_TODAY when set (for tests), else the clock's date.
func (a *App) today() (time.Time, error) {
	if s := a.Getenv("IMPACT_TODAY"); s != "" {
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return time.Time{}, usageError("IMPACT_TODAY=%q: expected a date YYYY-MM-DD", s)
		}
		return t, nil
	}
	return a.Now(), nil
}

// currentPeriod is the academic year containing today.
func (a *App) currentPeriod() (toc.Period, error) {
	t, err := a.today()
	if err != nil {
		return 0, err
	}
	return toc.PeriodOf(t), nil
}

// printJSON writes v to stdout as indented JSON: the --json of a command.
func (a *App) printJSON(v any) error {
	enc := json.NewEncoder(a.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
