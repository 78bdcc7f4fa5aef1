package main

import (
	"fmt"
	"os"
)

// Credentials come from the environment in production.
var (
	password = os.Getenv("PG_PASSWORD")
	apiKey   = os.Getenv("GITLAB_TOKEN")
)

const (
	deployToken = "⟦gitlab-deploy-token⟧"
	feedToken   = "⟦gitlab-feed-token⟧"
	scimToken   = "⟦gitlab-scim-token⟧"
	jobToken    = "⟦gitlab-job-token⟧"
	agentToken  = "⟦gitlab-agent-token⟧"
	oauthSecret = "⟦gitlab-oauth-app-secret⟧"
	ghOAuth     = "⟦github-token⟧"
	doOAuth     = "⟦digitalocean-oauth-token⟧"
	doRefresh   = "⟦digitalocean-refresh-token⟧"
	vaultBatch  = "⟦vault-batch-token⟧"
	pgDSN       = "postgres://reporter:⟦connection-string-password⟧@pg.internal:5432/reports?sslmode=disable"
	checksum    = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

func main() {
	dbPassword := "⟦password-assignment=G0lang-Pw!42⟧"
	fmt.Println(len(dbPassword), password, apiKey)
}
