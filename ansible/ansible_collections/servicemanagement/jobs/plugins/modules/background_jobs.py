#!/usr/bin/python
# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
---
module: background_jobs
short_description: Converge a target to a ServiceManagement configuration
description:
  - Converges the target to a whole configuration (a C(jobs:) file or a DSC v3 configuration document, YAML
    or JSON) with one C(svcmgmt apply) there, which plans, writes every native file atomically, reloads each
    job manager once and rolls back if a step fails; in check mode with C(--what-if), which only plans.
  - C(changed) is true only when the plan has changes, so a second run reports none.
  - In diff mode each native file's change is returned as before/after (the lines its hunks show); secret
    values are masked by the engine.
version_added: "0.1.0"
options:
  content:
    description:
      - The configuration's text. Exactly one of O(content) and O(path) is given.
    type: str
  path:
    description:
      - A configuration file on the target.
    type: path
  prune:
    description:
      - Also remove managed jobs the configuration does not declare. Jobs ServiceManagement did not create are never pruned.
    type: bool
    default: false
  force:
    description:
      - Also replace or remove declared jobs ServiceManagement did not create.
    type: bool
    default: false
  svcmgmt:
    description:
      - The svcmgmt executable on the target; found on the target's PATH when omitted.
    type: path
author:
  - ServiceManagement developers
'''

EXAMPLES = r'''
- name: Converge every host to the site's jobs
  servicemanagement.jobs.background_jobs:
    content: "{{ lookup('file', 'jobs.yaml') }}"
    prune: true
'''

RETURN = r'''
plan:
  description: The jobs that change (or would, in check mode), each with its action, property changes, files and native diff.
  returned: always
  type: list
  elements: dict
unchanged:
  description: The names of the declared jobs that are already as declared.
  returned: always
  type: list
  elements: str
notes:
  description: What the engine says of the plan (warnings, jobs it leaves alone).
  returned: always
  type: list
  elements: dict
changed_files:
  description: The native files svcmgmt apply wrote or deleted.
  returned: always
  type: list
  elements: str
'''

import io

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.servicemanagement.jobs.plugins.module_utils.svcmgmt import converge


def main():
    module = AnsibleModule(
        argument_spec=dict(
            content=dict(type='str'),
            path=dict(type='path'),
            prune=dict(type='bool', default=False),
            force=dict(type='bool', default=False),
            svcmgmt=dict(type='path'),
        ),
        mutually_exclusive=[('content', 'path')],
        required_one_of=[('content', 'path')],
        supports_check_mode=True,
    )
    document = module.params['content']
    if document is None:
        try:
            with io.open(module.params['path'], encoding='utf-8') as stream:
                document = stream.read()
        except (IOError, OSError) as error:
            module.fail_json(msg='could not read %s: %s' % (module.params['path'], error))
    converge(module, document, module.params['prune'], module.params['force'])


if __name__ == '__main__':
    main()
