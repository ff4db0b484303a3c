# The dashboard as an image: non-root, dependencies from the hashed lock file, a health check on
# Streamlit's own endpoint. Run with OUTAGES_DB_URL=postgresql://... for replicas (compose file:
# deploy/docker-compose.yml); without it the embedded SQLite store lives in /app/data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    HOME=/home/outages OUTAGES_CACHE_DIR=/home/outages/prepared

RUN useradd --create-home --uid 10001 outages
WORKDIR /app
COPY requirements.lock .
RUN pip install --require-hashes --no-deps -r requirements.lock
COPY --chown=outages:outages . .
USER outages

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request as u; base = os.environ.get('STREAMLIT_SERVER_BASE_URL_PATH', '').strip('/'); path = f'/{base}/_stcore/health' if base else '/_stcore/health'; assert u.urlopen('http://127.0.0.1:8501' + path, timeout=4).read() == b'ok'"
CMD ["streamlit", "run", "app.py", "--server.port", "8501", "--server.address", "0.0.0.0"]
