# Docker Space for the AstaBench leaderboard: non-root, pinned dependencies, port 7860.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HOME=/home/user \
    PATH=/home/user/.local/bin:$PATH

# Spaces run containers as uid 1000.
RUN useradd --create-home --uid 1000 user
WORKDIR /home/user/app

# Dependencies first, so code changes do not reinstall them. The [score] extra (agent-eval) scores
# submissions in the review queue.
COPY --chown=user pyproject.toml README.md ./
COPY --chown=user abl/__init__.py abl/__init__.py
RUN pip install --upgrade pip && pip install -e '.[score]' && rm -rf abl

COPY --chown=user . .
RUN pip install --no-deps -e .

USER user
EXPOSE 7860
# Hugging Face login when the Space has `hf_oauth: true`; refuses to start if a setting is missing.
CMD ["python", "app.py", "--port", "7860", "--address", "0.0.0.0", "--auth", "huggingface"]
