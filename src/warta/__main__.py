"""Where the command starts: ``python -m warta`` and the ``warta`` script both run `run`.

Ctrl-C can arrive while the command's modules are still being imported; it
then ends the run with the same one line and exit status as later on, not
with a traceback.
"""

import sys


def run() -> None:
    try:
        from warta.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("warta: error: interrupted\n")
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
