{
  "serviceName": "com.example.full",
  "displayName": "com.example.full",
  "imagePath": "\"/usr/local/bin/full\" --config \"/Library/Application Support/Full/config.json\" \"a & b <c>\"",
  "startType": "automatic",
  "delayedAutoStart": false,
  "account": "_full",
  "description": "Everything launchd can hold",
  "failureActions": {"resetPeriodSeconds": 86400, "onNonCrashFailures": true, "actions": [{"type": "restart", "delayMilliseconds": 30000}]},
  "environment": ["LANG=en_US.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKENS.UTF-8", "TOKEN=t0k3n"],
  "dependencies": [],
  "sidType": null,
  "requiredPrivileges": [],
  "managed": true
}
