"""The sample reverse-proxy config (deploy/nginx.conf): valid nginx, routing what the app needs."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from geo import settings

CONFIG = settings.REPO_ROOT / "deploy" / "nginx.conf"


def test_nginx_accepts_the_sample_config():
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not shutil.which(nginx):
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    result = subprocess.run(
        [nginx, "-t", "-c", str(CONFIG)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_sample_config_has_websockets_sticky_replicas_and_a_health_check():
    text = CONFIG.read_text(encoding="utf-8")
    stream = re.search(r"location /_stcore/stream \{(.*?)\}", text, re.S).group(1)
    assert "proxy_set_header Upgrade $http_upgrade;" in stream
    assert "proxy_set_header Connection $connection_upgrade;" in stream
    upstream = re.search(r"upstream gulou_app \{(.*?)\}", text, re.S).group(1)
    assert "ip_hash;" in upstream and len(re.findall(r"server 127\.0\.0\.1:\d+", upstream)) >= 2
    assert "location = /_stcore/health" in text
    assert f"location {settings.STATIC_URL}/" in text
