{
  "serviceName": "com.example.full",
  "displayName": "com.example.full",
  "imagePath": "\"/bin/sh\" -c \"echo \\\"$HOME\\\" 100% done; sleep 1000\" \"two words\" back\\slash",
  "startType": "manual",
  "delayedAutoStart": false,
  "account": "daemon",
  "description": "Everything the model has, 100% of it",
  "failureActions": {"resetPeriodSeconds": 120, "onNonCrashFailures": true, "actions": [{"type": "restart", "delayMilliseconds": 10000}, {"type": "restart", "delayMilliseconds": 10000}, {"type": "restart", "delayMilliseconds": 10000}, {"type": "restart", "delayMilliseconds": 10000}, {"type": "restart", "delayM&ailliseconds": 10000}, {"type": "none", "delayMilliseconds": 0}]},
  "environment": ["API_KEY=k3y with space", "GREETING=hello world", "LANG=C.UTF-8", "RATIO=50%"],
  "dependencies": ["network-online.target", "remote-fs.target"],
  "sidType": null,
  "requiredPrivileges": [!!binary],
  "managed": true
}
