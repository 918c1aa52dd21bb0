#!/usr/bin/env python3
"""An independent view of property lists for the tests, through Python's plistlib.

  plisttool.py json FILE...        print each file as one line of JSON (dates as {"$date": ISO},
                                    data as {"$data": base64}); a file plistlib rejects prints
                                    {"$error": message}
  plisttool.py binary IN OUT       rewrite IN as a binary (bplist00) property list
"""
import base64
import datetime
import json
import plistlib
import sys


def plain(value):
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, datetime.datetime):
        return {"$date": value.strftime("%Y-%m-%dT%H:%M:%SZ")}
    if isinstance(value, bytes):
        return {"$data": base64.b64encode(value).decode("ascii")}
    return value


def main(argv):
    if argv[1] == "json":
        for path in argv[2:]:
            try:
                with open(path, "rb") as handle:
                    print(json.dumps(plain(plistlib.load(handle)), sort_keys=True))
            except Exception as error:  # plistlib raises several kinds; each is a verdict here
                print(json.dumps({"$error": str(error)}))
    elif argv[1] == "binary":
        with open(argv[2], "rb") as source:
            value = plistlib.load(source)
        with open(argv[3], "wb") as target:
            plistlib.dump(value, target, fmt=plistlib.FMT_BINARY)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
