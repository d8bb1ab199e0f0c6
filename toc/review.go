package toc

// Review says whether what editors write must be approved before a funder
// sees it (DESIGN §12): `review: required` in toc.yaml; off by default.
type Review string

// Review settings.
const (
	ReviewOff      Review = "off"
	ReviewRequired Review = "required"
)

// ReviewStatus is where a review item stands: one KPI value, or one
// imported file, written by an editor while review is required.
type ReviewStatus string

// Review statuses.
const (
	ReviewPending  ReviewStatus = "pending"  // counts for the director, not for funders
	ReviewApproved ReviewStatus = "approved" // counts for everyone
	ReviewReturned ReviewStatus = "returned" // sent back with a note: counts nowhere
)

// ReviewCounts counts review items by status, as impact metrics --json
// gives them (zeros when review is off).
type ReviewCounts struct {
	Pending  int `json:"pending"`
	Approved int `json:"approved"`
	Returned int `json:"returned"`
}
