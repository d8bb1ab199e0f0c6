package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

// stringsFlag is a flag that may be given many times.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

func (a *App) runUser(args []string) error {
	f := a.newFlags("user", "user add NAME --role admin|editor|funder [--activity ID]... [--school ID]... | user list | user remove NAME | user reset NAME [--dir DIR]",
		`Manages the logins of the web app (impact serve).

  add NAME     creates a login and prints its password, alone, as the last
               line: it stays valid until the user changes it
  list         shows every login, its role and activities
  remove NAME  deletes a login and ends its sessions
  reset NAME   gives a login a new password, printed the same way, and ends
               its sessions

Roles: admin manages users and does what an editor does; editor logs KPI
values and uploads CSVs (the director view); funder reads the funder view,
limited to the activities given with --activity when there are any.

An editor given --activity or --school writes only within them (DESIGN §12):
rows of those activities, at those schools, KPI values of the KPIs those
activities serve; given both, a write must satisfy both. The server refuses
anything else, row by row. The command line itself is not limited.`,
		`  impact user add ana --role admin
  impact user add northern-trust --role funder --activity scitt --activity maths-hub
  impact user add west-hill-lead --role editor --activity reading-buddies --school wsh
  impact user reset ana | tail -n 1`)
	role := f.String("role", "", "the role of a new login: admin, editor or funder")
	var acts stringsFlag
	f.Var(&acts, "activity", "limit a funder or editor to this activity `ID` (repeat for more)")
	var schools stringsFlag
	f.Var(&schools, "school", "limit an editor to this school `ID` (repeat for more)")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError("expected add, list, remove or reset (see impact user --help)")
	}
	verb, names := rest[0], rest[1:]
	want := 1
	if verb == "list" {
		want = 0
	}
	switch verb {
	case "add", "list", "remove", "reset":
	default:
		return usageError("unknown verb %q: expected add, list, remove or reset (see impact user --help)", verb)
	}
	if len(names) != want {
		if want == 0 {
			return usageError("list takes no arguments, got %q", strings.Join(names, " "))
		}
		return usageError("%s: expected one NAME (see impact user --help)", verb)
	}
	if verb != "add" && (*role != "" || len(acts) > 0 || len(schools) > 0) {
		return usageError("%s: --role, --activity and --school go with add only", verb)
	}
	if verb == "add" && *role == "" {
		return usageError("add: missing --role admin|editor|funder")
	}

	ctx := context.Background()
	// Activities are checked against toc.yaml, which an invalid file stops
	// before the store is touched.
	p, err := a.openFolder(ctx, f, nil)
	if err != nil {
		return err
	}
	defer p.Close()
	store, plan := p.Store, p.Plan
	by := engine.OSUser()

	switch verb {
	case "add":
		r, err := toc.ParseRole(*role)
		if err != nil {
			return err
		}
		u := engine.User{Name: names[0], Role: r, Activities: acts, Schools: schools}
		pw, err := store.AddUser(ctx, by, u, plan.ToC)
		if err != nil {
			return err
		}
		scope := ""
		if len(acts) > 0 {
			scope = ", limited to " + strings.Join(acts, ", ")
		}
		if len(schools) > 0 {
			scope += ", schools " + strings.Join(schools, ", ")
		}
		fmt.Fprintf(a.Stdout, "Added %s (%s%s). The password, valid until %s changes it, shown this once:\n%s\n", u.Name, r, scope, u.Name, pw)
	case "reset":
		pw, err := store.ResetPassword(ctx, by, names[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "New password of %s (its sessions are ended), shown this once:\n%s\n", names[0], pw)
	case "remove":
		if err := store.RemoveUser(ctx, by, names[0]); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "Removed %s and ended its sessions.\n", names[0])
	case "list":
		users, err := store.Users(ctx)
		if err != nil {
			return err
		}
		if len(users) == 0 {
			fmt.Fprintln(a.Stdout, "No logins yet: impact user add NAME --role admin")
			return nil
		}
		// Logins made before names were unique whatever their case still
		// work; they are pointed out, for an admin to remove one.
		byLower := map[string][]string{}
		for _, u := range users {
			byLower[strings.ToLower(u.Name)] = append(byLower[strings.ToLower(u.Name)], u.Name)
		}
		tw := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tACTIVITIES\tSCHOOLS\tCREATED\tCHANGED\tNOTE")
		for _, u := range users {
			scope := "all"
			if len(u.Activities) > 0 {
				scope = strings.Join(u.Activities, ",")
			}
			note := ""
			if same := byLower[strings.ToLower(u.Name)]; len(same) > 1 {
				note = "same name as " + strings.Join(slices.DeleteFunc(slices.Clone(same), func(n string) bool { return n == u.Name }), ", ") + " but for case: remove one"
			}
			schools := "all"
			if len(u.Schools) > 0 {
				schools = strings.Join(u.Schools, ",")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role, scope, schools, u.CreatedAt.Format("2006-01-02 15:04"), u.ChangedAt.Format("2006-01-02 15:04"), note)
		}
		return tw.Flush()
	}
	return nil
}
