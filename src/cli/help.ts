export const HELP = `atelier: find any image in your folders by description or example

Usage:
  atelier index <folder>... [--json]          add folders to the library and index them
  atelier search "<text>" [--image PATH]... [--not TEXT]... [--limit K]
                 [--folder DIR]... [--format FMT]... [--json]
                                              search by text, example images, or both;
                                              in the text, "- term" steers away from a term
  atelier similar <image> [--limit K] [--json]
                                              images that look like this one
  atelier embed (--text "<text>" | --image PATH) --json
                                              print the model's vector for a text or an image
  atelier status [--json]                     folders, counts and the active model
  atelier models list [--json]                known and installed models
  atelier models download <id>                download a model (resumes if interrupted)
  atelier models import <folder>              install a model from a folder (Hugging Face ONNX layout)
  atelier generate --prompt "<text>" [--ref PATH]... [--auto-refs K] [--model NAME]
                 [--aspect W:H] [--size 1K|2K|4K] [--count N] [--out DIR] [--json]
                                              make images with a Gemini image model from a prompt and
                                              references; saved, indexed and kept with their provenance
  atelier generate --resume [--json]          run the generation jobs left waiting (offline, interrupted)
  atelier info <image> [--json]               what the library knows of an image, and how it was made
  atelier serve [--host 127.0.0.1] [--port N] [--open]
                                              the app in a browser: prints its address (with an access
                                              token) and serves until Ctrl-C; binds 127.0.0.1 by default
  atelier store status [--json]               the vector store in use, its health and counts
  atelier store verify [--json]               compare the store with the catalog and repair what differs
  atelier store migrate --to embedded|milvus [--json]
                                              copy every vector to that store (no re-embedding) and
                                              use it from now on (saved in store.json in the data folder)

Options everywhere:
  --data DIR     the library's data folder (env ATELIER_DATA; default: the per-OS app data folder)
  --model DIR|ID the CLIP model: a model folder or an installed model id (env ATELIER_MODEL)
  --json         machine-readable output on stdout
  --store embedded|milvus
                 where vectors are searched (env ATELIER_STORE; default: store.json's choice, else embedded)
  --milvus-uri URI
                 Milvus server, e.g. http://127.0.0.1:19530 or https://… for TLS (env ATELIER_MILVUS_URI);
                 on its own it selects the Milvus store
  --milvus-token TOKEN
                 user:password or an API key (env ATELIER_MILVUS_TOKEN; never saved)
  --milvus-db NAME
                 Milvus database (env ATELIER_MILVUS_DB; default: default)
  --collection PREFIX
                 collection name prefix: one collection per model, PREFIX_<model> (default: atelier)
  -h, --help     this help

Generation options:
  --model NAME   with generate: the Gemini image model (default: the settings' choice,
                 gemini-2.5-flash-image); the CLIP model then comes from ATELIER_MODEL
  --gemini-base-url URL
                 a proxy or gateway for the Gemini API (env ATELIER_GEMINI_BASE_URL)
  --timeout S    seconds one generation call may take before it is retried (default 120;
                 env ATELIER_GEMINI_TIMEOUT)

Environment:
  GEMINI_API_KEY        the Gemini API key, where none is saved in the app's settings
  ATELIER_PROVIDER      execution providers to try, e.g. "cuda" or "cpu" (default: the best available)
  ATELIER_MODEL_MIRROR  base URL to download models from instead of https://huggingface.co
  ATELIER_RENDERER_DIR  serve this built renderer instead of building one on demand
  ATELIER_MILVUS_CA     CA certificate (PEM file) that signed a Milvus server's TLS certificate

Exit codes: 0 success, 1 operational error (message on stderr), 2 usage error.
`;
