module github.com/openprobation/caseload/examples/tune-weights/browsertest

go 1.25

require (
	github.com/chromedp/chromedp v0.23.1
	github.com/openprobation/caseload v0.0.0
	github.com/shopspring/decimal v1.6.0
)

require (
	github.com/chromedp/cdproto v0.160.1 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
)

replace github.com/openprobation/caseload => ../../..
