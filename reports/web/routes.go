package web

import (
	"net/http"

	"github.com/schoolstogether/impact/engine"
)

// routes is the app's one table of routes and who may use them. guard
// checks the session, then the CSRF token of a write, then the role.
func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /static/style.css", serveStyle)
	m.HandleFunc("GET /static/lib/{name}", s.serveLibrary)

	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.loginSubmit)
	m.HandleFunc("GET /logout", s.guard(anyRole, s.logoutPage))
	m.HandleFunc("POST /logout", s.guard(anyRole, s.logoutSubmit))
	m.HandleFunc("GET /account/password", s.guard(anyRole, s.passwordPage))
	m.HandleFunc("POST /account/password", s.guard(anyRole, s.passwordSubmit))

	m.HandleFunc("GET /{$}", s.guard(anyRole, s.dashboard))
	m.HandleFunc("GET /report.html", s.guard(anyRole, s.report))
	m.HandleFunc("GET /kpis", s.guard(anyRole, s.kpiList))
	m.HandleFunc("GET /kpis/{id}", s.guard(anyRole, s.kpiPage))
	m.HandleFunc("POST /kpis/{id}", s.guard(writer, s.kpiSubmit))
	m.HandleFunc("GET /activities", s.guard(anyRole, s.activityList))
	m.HandleFunc("GET /activities/{id}", s.guard(anyRole, s.activityPage))
	m.HandleFunc("GET /health", s.guard(anyRole, s.healthPage))
	m.HandleFunc("GET /schools/{id}", s.guard(anyRole, s.schoolPage))
	m.HandleFunc("POST /notes", s.guard(writer, s.noteSubmit))
	m.HandleFunc("POST /notes/{id}/withdraw", s.guard(admin, s.noteWithdraw))
	m.HandleFunc("GET /upload", s.guard(writer, s.uploadPage))
	m.HandleFunc("POST /upload", s.guard(uploader, s.uploadSubmit))

	m.HandleFunc("GET /users", s.guard(admin, s.usersPage))
	m.HandleFunc("POST /users", s.guard(admin, s.userAdd))
	m.HandleFunc("POST /users/{name}/reset", s.guard(admin, s.userReset))
	m.HandleFunc("POST /users/{name}/remove", s.guard(admin, s.userRemove))
	m.HandleFunc("GET /audit", s.guard(admin, s.auditPage))
	m.HandleFunc("GET /status", s.guard(writer, s.statusPage))
	m.HandleFunc("GET /review", s.guard(writer, s.reviewPage))
	m.HandleFunc("POST /review", s.guard(admin, s.reviewSubmit))
	m.HandleFunc("GET /api/review", s.guard(admin, s.apiReview))
	m.HandleFunc("POST /api/review/{id}/approve", s.guard(admin, s.apiReviewApprove))
	m.HandleFunc("POST /api/review/{id}/return", s.guard(admin, s.apiReviewReturn))
	m.HandleFunc("GET /toc", s.guard(admin, s.tocPage))
	m.HandleFunc("POST /toc", s.guard(admin, s.tocSubmit))
	m.HandleFunc("GET /toc/revisions", s.guard(admin, s.revisionsPage))
	m.HandleFunc("GET /toc/revisions/{id}", s.guard(admin, s.revisionsPage))
	m.HandleFunc("GET /years", s.guard(admin, s.yearsPage))
	m.HandleFunc("POST /years", s.guard(admin, s.yearSubmit))
	m.HandleFunc("GET /pupils", s.guard(admin, s.pupilsPage))
	m.HandleFunc("POST /pupils/access", s.guard(admin, s.pupilAccess))
	m.HandleFunc("POST /pupils/forget", s.guard(admin, s.pupilForget))
	m.HandleFunc("POST /pupils/expired", s.guard(admin, s.pupilExpire))

	m.HandleFunc("POST /api/login", s.apiLogin)
	m.HandleFunc("POST /api/logout", s.guard(anyRole, s.apiLogout))
	m.HandleFunc("GET /api/metrics", s.guard(anyRole, s.apiMetrics))
	m.HandleFunc("GET /api/health", s.guard(anyRole, s.apiHealth))
	m.HandleFunc("POST /api/kpi-values", s.guard(writer, s.apiKPIValue))
	m.HandleFunc("POST /api/imports", s.guard(uploader, s.apiImport))
	m.HandleFunc("POST /api/notes", s.guard(writer, s.apiNote))
	// Everything else under /api/ answers JSON, not a page.
	m.HandleFunc("/api/", s.guard(anyRole, func(w http.ResponseWriter, r *http.Request, _ *engine.Session) {
		s.writeJSON(w, http.StatusNotFound, apiError{Error: "no such API route"})
	}))
}

func serveStyle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(styleCSS)
}
