// Webhook relay: forwards store events to Discord, Telegram and Linear.
import express from "express";

const apiKey = process.env.OPENAI_API_KEY;
const password = process.env.ADMIN_PASSWORD ?? "";
const token = await vault.read("secret/relay/token");
const secret = getSecret("relay");

const config = {
  discordWebhook: "https://discord.com/api/webhooks/1187493012345678901/⟦discord-webhook-url⟧",
  discordBotToken: "⟦discord-bot-token⟧",
  telegramBot: "⟦telegram-bot-token⟧",
  linearKey: "⟦linear-api-key⟧",
  linearOAuth: "⟦linear-oauth-token⟧",
  notion: "⟦notion-token⟧",
  shopify: { accessToken: "⟦shopify-access-token⟧", sharedSecret: "⟦shopify-shared-secret⟧" },
  shopifyCustom: "⟦shopify-custom-app-token⟧",
  shopifyPrivate: "⟦shopify-private-app-token⟧",
  figma: "⟦figma-token⟧",
  mapbox: { public: "pk.eyJ1IjoiYWNtZSIsImEiOiJjbDB4eXoxMjMwMDAwM2pvN2Z4Z2J6eGxpIn0.AbCdEfGhIjKlMnOpQrStUv", secret: "⟦mapbox-secret-token⟧" },
  stripePublishable: "pk_test_TYooMQauvdEDq54NiTphI7jx",
  googleClientId: "407408718192-abc123def456ghi789jkl012mno345pq.apps.googleusercontent.com",
  newRelic: "⟦new-relic-api-key⟧",
  grafanaCloud: "⟦grafana-cloud-token⟧",
  grafanaLegacy: "⟦grafana-api-key⟧",
  sentry: "⟦sentry-org-token⟧",
  placeholder: "<your-api-key>",
  template: "{{ api_key }}",
};

const app = express();
app.get("/health", (_req, res) => res.json({ ok: true, uuid: "123e4567-e89b-12d3-a456-426614174000" }));
app.listen(Number(process.env.PORT ?? 3000));
