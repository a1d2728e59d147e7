# RICOMI application image: used by the web, worker and beat services of docker-compose.yml.
FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/ricomi/app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Static files and compiled catalogues are built into the image, not at start-up.
# (production settings refuse a weak key: a throwaway one, used for nothing but this step)
RUN DEBUG=false ALLOWED_HOSTS=build SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=.venv -v0
RUN useradd --system ricomi && mkdir -p /srv/ricomi/media && chown ricomi /srv/ricomi/media
USER ricomi
EXPOSE 8000
