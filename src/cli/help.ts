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

Options everywhere:
  --data DIR     the library's data folder (env ATELIER_DATA; default: the per-OS app data folder)
  --model DIR|ID the CLIP model: a model folder or an installed model id (env ATELIER_MODEL)
  --json         machine-readable output on stdout
  -h, --help     this help

Environment:
  ATELIER_PROVIDER      execution providers to try, e.g. "cuda" or "cpu" (default: the best available)
  ATELIER_MODEL_MIRROR  base URL to download models from instead of https://huggingface.co

Exit codes: 0 success, 1 operational error (message on stderr), 2 usage error.
`;
