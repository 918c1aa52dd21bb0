"""A daemon to activate by its bus name: owns NAME on the system or the session bus and answers
org.example.Echo.Echo(s) with its argument and its process id, so a caller can tell which process answered.

usage: bus-echo.py system|session NAME
"""
import os
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib


class Echo(dbus.service.Object):
    @dbus.service.method("org.example.Echo", in_signature="s", out_signature="s")
    def Echo(self, text):
        return "%s from %d" % (text, os.getpid())


dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.SystemBus() if sys.argv[1] == "system" else dbus.SessionBus()
Echo(bus, "/org/example/Echo")
name = dbus.service.BusName(sys.argv[2], bus)
GLib.MainLoop().run()
