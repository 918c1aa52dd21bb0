{
  "serviceName": "org.example.web",
  "displayName": "org.example.web",
  "imagePath": "\"/opt/web/bin/web\" --port 8080 --verbose true",
  "startType": "automatic",
  "delayedAutoStart": false,
  "account": "LocalSystem",
  "description": null,
  "failureActions": {"resetPeriodSeconds": 60, "onNonCrashFailures": true, "actions": [{"type": "restart", "delayMilliseconds": 5000}, {"type": "restart", "delayMilliseconds": 5000}, {"type": "restart", "delayMilliseconds": 5000}, {"type": "restart", "delayMilliseconds": 5000}, {"type": "restart", "delayMilliseconds": 5000}, {"type": "none", "delayMilliseconds": 0}]},
  "environment": ["WEB_MODE=production", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_TOKEN=s3cr3t", "WEB_WORKERS=4"],
  "dependencies": ["network-online.target"],
  "sidType": null,
  "requiredPrivileges": [],
  "managed": true
}
