package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

func (s *Server) apiMetrics(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	res, _, err := s.metricsFor(r.Context(), scopeOf(sess.User))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, res)
}

// kpiValueRequest is the body of POST /api/kpi-values. Value is a JSON
// number, or a string holding one as a CSV would.
type kpiValueRequest struct {
	KPI    string          `json:"kpi"`
	Period string          `json:"period"`
	Value  json.RawMessage `json:"value"`
	School string          `json:"school"`
	Note   string          `json:"note"`
}

// kpiValueResponse is the answer to a logged value.
type kpiValueResponse struct {
	KPI        string     `json:"kpi"`
	Period     toc.Period `json:"period"`
	School     string     `json:"school"`
	Value      float64    `json:"value"`
	Note       string     `json:"note"`
	Supersedes *float64   `json:"supersedes"`       // the value it replaced, if any
	Review     string     `json:"review,omitempty"` // "pending" when it awaits review
}

// awaitsReview says whether a login's writes wait for an admin's approval:
// an editor's, while toc.yaml requires review (DESIGN §12).
func awaitsReview(p *toc.Partnership, sess *engine.Session) bool {
	return p.Review == toc.ReviewRequired && sess.User.Role == toc.RoleEditor
}

func (s *Server) apiKPIValue(w http.ResponseWriter, r *http.Request, sess *engine.Session) {
	var req kpiValueRequest
	if err := decodeJSON(r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	value := string(req.Value)
	if len(req.Value) > 0 && req.Value[0] == '"' {
		if err := json.Unmarshal(req.Value, &value); err != nil {
			s.writeError(w, r, invalidField("value", "value: expected a number"))
			return
		}
	}
	rec, old, err := s.logKPI(r, sess, req.KPI, req.Period, value, req.School, req.Note)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	resp := kpiValueResponse{KPI: rec.KPI, Period: rec.Period, School: rec.School, Value: rec.Value, Note: rec.Note}
	if old != nil {
		resp.Supersedes = &old.Value
	}
	if rec.Pending {
		resp.Review = string(toc.ReviewPending)
	}
	s.writeJSON(w, http.StatusCreated, resp)
}

// logKPI validates a KPI value as `impact log` does and records it as the
// session's user. Errors name the field at fault.
func (s *Server) logKPI(r *http.Request, sess *engine.Session, kpi, period, value, school, note string) (*toc.KPIRecord, *toc.KPIRecord, error) {
	plan, err := s.toc.plan(r.Context())
	if err != nil {
		return nil, nil, err
	}
	kpi, school = strings.TrimSpace(kpi), strings.TrimSpace(school)
	if kpi == "" {
		return nil, nil, invalidField("kpi", "kpi: required, the id of a KPI in toc.yaml")
	}
	if plan.ToC.KPI(kpi) == nil {
		return nil, nil, invalidField("kpi", "kpi: expected a KPI id of toc.yaml, got %q", kpi)
	}
	if strings.TrimSpace(period) == "" {
		return nil, nil, invalidField("period", "period: required, an academic year like 2024/25")
	}
	p, err := toc.ParsePeriod(strings.TrimSpace(period))
	if err != nil {
		return nil, nil, invalidField("period", "period: %w", err)
	}
	if strings.TrimSpace(value) == "" {
		return nil, nil, invalidField("value", "value: required, a number")
	}
	v, err := intake.ParseValue(value)
	if err != nil {
		return nil, nil, invalidField("value", "value: %w", err)
	}
	if field, err := sess.User.WriteScope().CheckKPI(plan.ToC, kpi, school); err != nil {
		var e *toc.Error
		errors.As(err, &e)
		return nil, nil, &fieldError{field: field, err: e}
	}
	rec := toc.KPIRecord{KPI: kpi, Period: p, School: school, Value: v, Note: strings.TrimSpace(note), Pending: awaitsReview(plan.ToC, sess)}
	old, err := s.store.LogKPI(r.Context(), plan.ToC, rec, sess.User.Name)
	if err != nil {
		return nil, nil, withFlagField(err)
	}
	return &rec, old, nil
}

// withFlagField turns an engine error about a command-line flag ("--school:
// ...") into one about the request field of the same name.
func withFlagField(err error) error {
	var e *toc.Error
	if !errors.As(err, &e) || !strings.HasPrefix(e.Message, "--") {
		return err
	}
	name, rest, ok := strings.Cut(strings.TrimPrefix(e.Message, "--"), ":")
	if !ok {
		return err
	}
	return invalidField(name, "%s:%s", name, rest)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// byteSize writes a size for people.
func byteSize(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
