#!/usr/bin/env python3
"""Asks an X11 top-level window to close, as a window manager's close button does: a
WM_DELETE_WINDOW client message (the app sees a close request it may refuse). Usage:
close_window.py TITLE. Exits 1 when no window has that title. Needs only libX11."""

import ctypes
import ctypes.util
import sys

x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
Window = ctypes.c_ulong
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XDefaultRootWindow.restype = Window
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x.XQueryTree.argtypes = [
    ctypes.c_void_p, Window, ctypes.POINTER(Window), ctypes.POINTER(Window),
    ctypes.POINTER(ctypes.POINTER(Window)), ctypes.POINTER(ctypes.c_uint),
]
x.XFetchName.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(ctypes.c_char_p)]
x.XSendEvent.argtypes = [ctypes.c_void_p, Window, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x.XFlush.argtypes = [ctypes.c_void_p]
x.XCloseDisplay.argtypes = [ctypes.c_void_p]

# Short-lived windows (menus, tooltips) can vanish while the tree is walked; Xlib's default
# handler would then end the script with BadWindow. Such errors only mean "not this one".
XErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_ignore_errors = XErrorHandler(lambda display, event: 0)
x.XSetErrorHandler.argtypes = [XErrorHandler]
x.XSetErrorHandler.restype = ctypes.c_void_p
x.XSetErrorHandler(_ignore_errors)


class ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", Window),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]


def windows(dpy, w):
    root, parent = Window(), Window()
    children, n = ctypes.POINTER(Window)(), ctypes.c_uint()
    if not x.XQueryTree(dpy, w, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children), ctypes.byref(n)):
        return
    for i in range(n.value):
        yield children[i]
        yield from windows(dpy, children[i])


def main():
    title = sys.argv[1].encode()
    dpy = x.XOpenDisplay(None)
    if not dpy:
        sys.exit("no X display")
    found = 0
    for w in windows(dpy, x.XDefaultRootWindow(dpy)):
        name = ctypes.c_char_p()
        if x.XFetchName(dpy, w, ctypes.byref(name)) and name.value == title:
            ev = XEvent()
            ev.xclient.type = 33  # ClientMessage
            ev.xclient.window = w
            ev.xclient.message_type = x.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
            ev.xclient.format = 32
            ev.xclient.data[0] = x.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
            ev.xclient.data[1] = 0  # CurrentTime
            x.XSendEvent(dpy, w, 0, 0, ctypes.byref(ev))
            found += 1
    x.XFlush(dpy)
    x.XCloseDisplay(dpy)
    sys.exit(0 if found else 1)


main()
