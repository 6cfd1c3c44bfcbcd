"""Settings from the environment, and the API paths the tools use."""
import os

INSTANCE_URL = os.environ.get("XENTRAL_URL", "https://demo.xentral.biz").rstrip("/")
TOKEN = os.environ.get("XENTRAL_TOKEN", "")

API_ROOT = "/api"
PRODUCTS = "/v1/products"
SALES_ORDERS = "/v1/salesOrders"
PAGE_SIZE = int(os.environ.get("XENTRAL_PAGE_SIZE", "50"))
