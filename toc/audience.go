package toc

// Audience is who a view of the numbers is for (DESIGN §7.8).
type Audience string

// Audiences.
const (
	Director Audience = "director" // everything, pupils' counts included
	Funder   Audience = "funder"   // small counts protected, no lead named
)

// ParseAudience reads director or funder; empty means director.
func ParseAudience(s string) (Audience, error) {
	switch a := Audience(s); a {
	case "":
		return Director, nil
	case Director, Funder:
		return a, nil
	}
	return "", Errorf(EUSAGE, "unknown audience %q: expected director or funder", s)
}

// Role is what a login may do in the web app (DESIGN §9).
type Role string

// Roles.
const (
	RoleAdmin  Role = "admin"  // users, and everything an editor does
	RoleEditor Role = "editor" // logs KPI values, uploads CSVs; sees the director view
	RoleFunder Role = "funder" // reads the funder view, limited to its activities when it has some
)

// ParseRole reads admin, editor or funder.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleAdmin, RoleEditor, RoleFunder:
		return r, nil
	}
	return "", Errorf(EINVALID, "role %q: expected admin, editor or funder", s)
}

// CanWrite reports whether the role may log values and import files.
func (r Role) CanWrite() bool { return r == RoleAdmin || r == RoleEditor }

// Audience is the view of the numbers a role reads.
func (r Role) Audience() Audience {
	if r == RoleFunder {
		return Funder
	}
	return Director
}
