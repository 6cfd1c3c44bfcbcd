from legacy_sync import settings


def test_api_path():
    assert settings.API_PATH == "/api/v1"
    assert settings.HOST + settings.API_PATH + "/adressen" != ""
