"""Support bot: answers tickets with an LLM and posts to Slack."""
import os
import hashlib

import openai
import stripe
from slack_sdk import WebClient

# Read from the environment: none of these lines holds a secret.
openai.api_key = os.environ["OPENAI_API_KEY"]
anthropic_key = os.getenv("ANTHROPIC_API_KEY")
db_password = os.environ.get("DB_PASSWORD", "")
token = get_token()
password = getpass.getpass()
self_api_key = settings.OPENAI_API_KEY
secret = config["jwt"]["secret"]

# Left in by mistake during debugging.
stripe.api_key = "⟦stripe-secret-key⟧"
RESTRICTED = "⟦stripe-restricted-key⟧"
slack = WebClient(token="⟦slack-token⟧")
SLACK_APP_TOKEN = "⟦slack-app-token⟧"
WEBHOOK = "https://hooks.slack.com/services/⟦slack-webhook-url⟧"
client_secret = "⟦secret-assignment⟧"
HEADERS = {"X-API-Key": "⟦secret-assignment⟧", "Accept": "application/json"}
SESSION = "⟦jwt⟧"
AGE_IDENTITY = "⟦age-secret-key⟧"

SESSION_JWT = "⟦jwt=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c⟧"
REQUEST_ID = "550e8400-e29b-41d4-a716-446655440000"
digest = hashlib.sha256(b"hello").hexdigest()  # 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824
MODEL = "gpt-4o-2024-08-06"
max_tokens = 512


def answer(ticket, api_key=None, password=None):
    client = openai.OpenAI(api_key=api_key or os.environ["OPENAI_API_KEY"])
    return client.chat.completions.create(model=MODEL, max_tokens=max_tokens,
                                          messages=[{"role": "user", "content": ticket.body}])


def export(url):
    return requests.get(url, auth=("exporter", "⟦credential-call-password⟧"), timeout=30)


def status(url):
    return requests.get(url, auth=(os.environ["STATUS_USER"], os.environ["STATUS_PASSWORD"]))
