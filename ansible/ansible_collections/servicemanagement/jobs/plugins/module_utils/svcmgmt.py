# -*- coding: utf-8 -*-
# Running svcmgmt on the target: one `svcmgmt apply --json` (with --what-if in check mode), whose plan gives
# Ansible's changed and diff; a refusal or failure is the module's failure, with svcmgmt's exit code.
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile


def _file_diffs(unified):
    """Splits svcmgmt's unified diff into one before/after pair per native file (the lines its hunks show)."""
    diffs = []
    current = None
    for line in unified.splitlines():
        if line.startswith('--- '):
            current = {'before_header': line[4:], 'after_header': None, 'before': '', 'after': ''}
            diffs.append(current)
        elif line.startswith('+++ ') and current is not None and current['after_header'] is None:
            current['after_header'] = line[4:]
            if current['before_header'] == '/dev/null':
                current['before_header'] = current['after_header']
        elif current is None or line.startswith('@@'):
            continue
        elif line.startswith('+'):
            current['after'] += line[1:] + '\n'
        elif line.startswith('-'):
            current['before'] += line[1:] + '\n'
        else:
            text = line[1:] if line.startswith(' ') else line
            current['before'] += text + '\n'
            current['after'] += text + '\n'
    for diff in diffs:
        if diff['after_header'] is None:
            diff['after_header'] = diff['before_header']
    return diffs


def _run(module, executable, arguments):
    rc, out, err = module.run_command([executable] + arguments)
    if rc != 0:
        module.fail_json(msg=(err or out).strip() or 'svcmgmt exited with %d' % rc, rc=rc, stdout=out, stderr=err,
                         cmd=' '.join([executable] + arguments))
    try:
        return json.loads(out) if out.strip() else {}
    except ValueError:
        module.fail_json(msg='svcmgmt printed something that is not JSON', rc=rc, stdout=out, stderr=err)


def converge(module, document, prune=False, force=False):
    """Applies the configuration text on this target (only plans it in check mode). Exits the module."""
    executable = module.params.get('svcmgmt') or module.get_bin_path('svcmgmt', required=False)
    if not executable:
        module.fail_json(msg='svcmgmt was not found on the PATH of the target; name it with the svcmgmt option', rc=127)

    handle, path = tempfile.mkstemp(prefix='servicemanagement-', suffix='.yaml')
    try:
        with os.fdopen(handle, 'w') as stream:
            stream.write(document)
        arguments = ['apply', path, '--json'] + (['--prune'] if prune else []) + (['--force'] if force else [])
        applied = _run(module, executable, arguments + (['--what-if'] if module.check_mode else []))
        items = applied.get('plan', {}).get('items', [])
        changes = [item for item in items if item.get('action') != 'noChange']
        result = {
            'changed': bool(changes),
            'plan': changes,
            'unchanged': [item.get('name') for item in items if item.get('action') == 'noChange'],
            'notes': applied.get('plan', {}).get('notes', []) + applied.get('notes', []),
            'changed_files': applied.get('changedFiles', []),
        }
        if module._diff:
            result['diff'] = [diff for item in changes for diff in _file_diffs(item.get('diff') or '')]
        module.exit_json(**result)
    finally:
        os.unlink(path)
