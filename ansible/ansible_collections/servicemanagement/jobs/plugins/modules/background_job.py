#!/usr/bin/python
# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: background_job
short_description: One background job, converged with ServiceManagement
description:
  - Declares one job (a daemon, a per-user agent or a login item) with the properties of a ServiceManagement
    configuration file, and converges the target to it with one C(svcmgmt apply) (C(--what-if) in check mode).
    Other jobs are left alone.
  - C(changed) is true only when the job differs; check mode plans only; diff mode returns each native file's
    change as before/after, secrets masked.
version_added: "0.1.0"
options:
  name:
    description: The job's name, reverse-DNS style (com.example.backup).
    type: str
    required: true
  kind:
    description: What the job is.
    type: str
    required: true
    choices: [daemon, agent, loginItem]
  scope:
    description: System or user; by default system for daemons and user otherwise.
    type: str
    choices: [system, user]
  user:
    description: The user a user-scoped job belongs to.
    type: str
  state:
    description: C(absent) removes the job (only one ServiceManagement created).
    type: str
    choices: [present, absent]
    default: present
  program:
    description: The absolute path of the executable.
    type: str
  arguments:
    description: Its arguments, each passed as one argument.
    type: list
    elements: str
  description:
    description: What the job is for.
    type: str
  startup_type:
    description: Whether the job starts with its manager.
    type: str
    choices: [automatic, manual, disabled]
  schedule:
    description: 'When it runs, such as C({every: 15m}) or C({cron: "0 2 * * *"}).'
    type: dict
  sandbox:
    description: The confinement profile.
    type: str
    choices: [none, basic, strict]
  environment:
    description: Environment variables.
    type: dict
  properties:
    description: "Any other property of a configuration file's job (restart, resourceLimits, systemd, ...), as it is written there."
    type: dict
  force:
    description: Also replace or remove a job of this name ServiceManagement did not create.
    type: bool
    default: false
  svcmgmt:
    description: The svcmgmt executable on the target; found on the target's PATH when omitted.
    type: path
author:
  - ServiceManagement developers
'''

EXAMPLES = r'''
- name: A nightly backup daemon
  servicemanagement.jobs.background_job:
    name: com.example.backup
    kind: daemon
    program: /usr/local/bin/backup
    arguments: [--full]
    schedule: { cron: "0 2 * * *" }
    sandbox: basic
'''

RETURN = r'''
plan:
  description: The job's change (or none), with its action, property changes, files and native diff.
  returned: always
  type: list
  elements: dict
'''

import json

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.servicemanagement.jobs.plugins.module_utils.svcmgmt import converge

# Module options and the configuration file's names for them.
PROPERTIES = (('name', 'name'), ('kind', 'kind'), ('scope', 'scope'), ('user', 'user'), ('program', 'program'),
              ('arguments', 'arguments'), ('description', 'description'), ('startup_type', 'startupType'),
              ('schedule', 'schedule'), ('sandbox', 'sandbox'), ('environment', 'environment'))


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            kind=dict(type='str', required=True, choices=['daemon', 'agent', 'loginItem']),
            scope=dict(type='str', choices=['system', 'user']),
            user=dict(type='str'),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            program=dict(type='str'),
            arguments=dict(type='list', elements='str'),
            description=dict(type='str'),
            startup_type=dict(type='str', choices=['automatic', 'manual', 'disabled']),
            schedule=dict(type='dict'),
            sandbox=dict(type='str', choices=['none', 'basic', 'strict']),
            environment=dict(type='dict'),
            properties=dict(type='dict'),
            force=dict(type='bool', default=False),
            svcmgmt=dict(type='path'),
        ),
        required_if=[('state', 'present', ('program',))],
        supports_check_mode=True,
    )
    job = dict(module.params['properties'] or {})
    job.update((key, module.params[option]) for option, key in PROPERTIES if module.params[option] is not None)
    if module.params['state'] == 'absent':
        job = dict((key, job[key]) for key in ('name', 'kind', 'scope', 'user') if key in job)
        job['ensure'] = 'absent'
    # JSON is YAML: the document is written as JSON so that no value needs YAML quoting.
    converge(module, json.dumps({'jobs': [job]}), force=module.params['force'])


if __name__ == '__main__':
    main()
