"""Connection settings of the ERP sync (legacy API account, HTTP Digest)."""
import os

from dotenv import load_dotenv

load_dotenv()

HOST = os.environ.get("XENTRAL_HOST", "https://erp.example.xentral.biz").rstrip("/")
USER = os.environ.get("XENTRAL_API_USER", "sync")
PASSWORD = os.environ.get("XENTRAL_API_PASSWORD", "")

# all legacy REST routes live below this path
API_PATH = "/api/v1"

DOC_KINDS = {
    "quote": "angebote",
    "order": "auftraege",
    "invoice": "rechnungen",
}
TIMEOUT = 30
