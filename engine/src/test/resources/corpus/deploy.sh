#!/usr/bin/env bash
# Release script for the storefront. Run from CI; locally export the variables first.
set -euo pipefail

GIT_SHA=$(git rev-parse HEAD)   # e.g. 3f9c2b7e1a4d5c6b8e9f0a1b2c3d4e5f6a7b8c9d
echo "releasing 3f9c2b7e1a4d5c6b8e9f0a1b2c3d4e5f6a7b8c9d"

docker login -u acmebot -p "$DOCKERHUB_TOKEN" docker.io
echo ⟦dockerhub-token⟧ | docker login -u acmebot --password-stdin

export GITHUB_TOKEN=⟦github-token⟧
export GH_TOKEN=⟦github-fine-grained-token⟧
export GITLAB_TOKEN=⟦gitlab-pat⟧
git clone https://oauth2:⟦connection-string-password⟧@gitlab.acme.dev/shop/storefront.git

curl --fail -H "PRIVATE-TOKEN: $GITLAB_TOKEN" https://gitlab.acme.dev/api/v4/projects
curl -X POST -F token=⟦gitlab-pipeline-trigger-token⟧ -F ref=main https://gitlab.acme.dev/api/v4/projects/42/trigger/pipeline
gitlab-runner register --url https://gitlab.acme.dev --token ⟦gitlab-runner-token⟧
gitlab-runner register --url https://gitlab.acme.dev --registration-token ⟦gitlab-runner-registration-token⟧

curl -s https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"
curl -s https://api.acme.dev/v2/orders -H "Authorization: Bearer ⟦authorization-bearer⟧"
curl -s https://legacy.acme.dev/export -H "Authorization: Basic ⟦authorization-basic⟧"
curl -u deploy:⟦cli-user-password⟧ https://nexus.acme.dev/service/rest/v1/components
curl -u "$NEXUS_USER:$NEXUS_PASSWORD" https://nexus.acme.dev/service/rest/v1/status

mysql -h db.internal -u admin --password ⟦password-assignment⟧ orders < migrate.sql
mysqldump -h db.internal -u backup -p⟦cli-password-option⟧ orders > orders.sql
mysql -h db.internal -u admin -p orders
sshpass -p '⟦cli-password-option⟧' ssh deploy@bastion.acme.dev
redis-cli -h cache.internal -a "$REDIS_PASSWORD" ping
psql "postgresql://admin:⟦connection-string-password⟧@db.internal/orders" -c 'select 1'

export VAULT_TOKEN=⟦vault-service-token⟧
vault kv get -field=password secret/storefront/db
export DATABRICKS_TOKEN=⟦databricks-token⟧
export DIGITALOCEAN_ACCESS_TOKEN=⟦digitalocean-token⟧
export ALIBABA_CLOUD_ACCESS_KEY_ID=⟦alibaba-access-key-id⟧
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=⟦alibaba-access-key-secret⟧
export SUPABASE_ACCESS_TOKEN=⟦supabase-token⟧
export FLY_API_TOKEN=⟦flyio-token⟧
export NETLIFY_AUTH_TOKEN=⟦netlify-token⟧
export RENDER_API_KEY=⟦render-api-key⟧
export DOPPLER_TOKEN=⟦doppler-token⟧
export PULUMI_ACCESS_TOKEN=⟦pulumi-token⟧
export PLANETSCALE_SERVICE_TOKEN=⟦planetscale-token⟧
export TWINE_PASSWORD=⟦pypi-token⟧
export GEM_HOST_API_KEY=⟦rubygems-token⟧
dotnet nuget push pkg.nupkg -k ⟦nuget-api-key⟧ -s https://api.nuget.org/v3/index.json
export CLOJARS_PASSWORD=⟦clojars-token⟧
cat > ~/.terraform.d/credentials.tfrc.json <<JSON
{"credentials": {"app.terraform.io": {"token": "⟦terraform-cloud-token⟧"}}}
JSON
aws s3 cp build/ s3://acme-storefront-assets/ --recursive   # bucket arn:aws:s3:::acme-storefront-assets
