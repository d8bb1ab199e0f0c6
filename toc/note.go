package toc

// Note is a piece of the partnership's narrative (DESIGN §14): dated
// commentary on a KPI or an activity, or a case study of an activity,
// shared with funders only when Shared says so.
type Note struct {
	ID       int64
	KPI      string // the KPI it explains, or ""
	Activity string // the activity it explains, or ""
	Period   Period
	// CaseStudy marks a case study: a titled story of an activity,
	// written in Markdown (the review strategy's "case studies").
	CaseStudy bool
	Title     string
	Body      string
	Shared    bool
	At        string // RFC 3339, UTC
	By        string
}

// Limits on notes: commentary is a paragraph or two, a case study a few
// pages.
const (
	MaxNoteText  = 4_000
	MaxCaseStudy = 50_000
	MaxNoteTitle = 200
)
