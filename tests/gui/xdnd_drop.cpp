// tests/gui/xdnd_drop.cpp — a minimal XDND drag source, for the drag-and-drop GUI test.
//
//   descent_xdnd_drop WINDOW X Y FILE...
//
// Drops FILE... (as a text/uri-list of file:// URIs) onto the X11 window WINDOW (decimal or
// 0x hex id, e.g. from `xdotool search`) at root coordinates (X, Y), the way a file manager
// does: XdndEnter, XdndPosition, wait for XdndStatus, XdndDrop, answer the target's
// SelectionRequest for XdndSelection with the list, wait for XdndFinished. Exit code 0 when
// the target accepted and finished the drop, 1 otherwise (with one line on stderr).
//
// Protocol: https://freedesktop.org/wiki/Specifications/XDND/ (version 5, as GLFW 3.3 speaks).
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <sys/select.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

Display* dpy = nullptr;
Window source = 0, target = 0;
Atom XdndAware, XdndEnter, XdndPosition, XdndStatus, XdndDrop, XdndFinished, XdndLeave,
    XdndSelection, XdndActionCopy, UriList;

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "descent_xdnd_drop: %s\n", what);
  std::exit(1);
}

void send(Atom type, long l1, long l2, long l3, long l4) {
  XEvent e{};
  e.xclient.type = ClientMessage;
  e.xclient.display = dpy;
  e.xclient.window = target;
  e.xclient.message_type = type;
  e.xclient.format = 32;
  e.xclient.data.l[0] = long(source);
  e.xclient.data.l[1] = l1;
  e.xclient.data.l[2] = l2;
  e.xclient.data.l[3] = l3;
  e.xclient.data.l[4] = l4;
  XSendEvent(dpy, target, False, NoEventMask, &e);
  XFlush(dpy);
}

// The next event, or false after `seconds`.
bool next_event(XEvent* e, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  for (;;) {
    if (XPending(dpy)) {
      XNextEvent(dpy, e);
      return true;
    }
    const auto left = end - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return false;
    const int fd = ConnectionNumber(dpy);
    fd_set set;
    FD_ZERO(&set);
    FD_SET(fd, &set);
    timeval tv{0, 20000};
    select(fd + 1, &set, nullptr, nullptr, &tv);
  }
}

std::string uri_of(const char* path) {
  char* full = realpath(path, nullptr);
  if (!full) die((std::string("no such file: ") + path).c_str());
  std::string uri = "file://";
  for (const char* p = full; *p; ++p) {
    const unsigned char ch = static_cast<unsigned char>(*p);
    if (std::isalnum(ch) || std::strchr("/-_.~", ch)) {
      uri += char(ch);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", ch);
      uri += hex;
    }
  }
  std::free(full);
  return uri;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: descent_xdnd_drop WINDOW X Y FILE...\n");
    return 2;
  }
  target = Window(std::strtoul(argv[1], nullptr, 0));
  const int x = std::atoi(argv[2]), y = std::atoi(argv[3]);
  std::string list;
  for (int i = 4; i < argc; ++i) list += uri_of(argv[i]) + "\r\n";

  dpy = XOpenDisplay(nullptr);
  if (!dpy) die("cannot open the display");
  auto atom = [](const char* name) { return XInternAtom(dpy, name, False); };
  XdndAware = atom("XdndAware");
  XdndEnter = atom("XdndEnter");
  XdndPosition = atom("XdndPosition");
  XdndStatus = atom("XdndStatus");
  XdndDrop = atom("XdndDrop");
  XdndFinished = atom("XdndFinished");
  XdndLeave = atom("XdndLeave");
  XdndSelection = atom("XdndSelection");
  XdndActionCopy = atom("XdndActionCopy");
  UriList = atom("text/uri-list");

  // The target must say it speaks XDND, and which version.
  Atom type = None;
  int format = 0;
  unsigned long count = 0, after = 0;
  unsigned char* data = nullptr;
  if (XGetWindowProperty(dpy, target, XdndAware, 0, 1, False, AnyPropertyType, &type, &format, &count,
                         &after, &data) != Success || !data || count < 1)
    die("the target window has no XdndAware property");
  const long version = std::min(5L, long(*reinterpret_cast<unsigned long*>(data)));
  XFree(data);

  // An unmapped window of ours: owner of XdndSelection, receiver of the target's replies.
  source = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 1, 1, 0, 0, 0);
  XSelectInput(dpy, source, PropertyChangeMask);
  XSetSelectionOwner(dpy, XdndSelection, source, CurrentTime);
  if (XGetSelectionOwner(dpy, XdndSelection) != source) die("cannot own XdndSelection");

  send(XdndEnter, version << 24, long(UriList), 0, 0);
  send(XdndPosition, 0, (long(x) << 16) | (long(y) & 0xffff), CurrentTime, long(XdndActionCopy));

  bool accepted = false, dropped = false;
  XEvent e;
  while (next_event(&e, 10.0)) {
    if (e.type == ClientMessage && Atom(e.xclient.message_type) == XdndStatus) {
      accepted = e.xclient.data.l[1] & 1;
      if (!accepted) {
        send(XdndLeave, 0, 0, 0, 0);
        die("the target refused the drop (XdndStatus without accept)");
      }
      if (!dropped) {
        send(XdndDrop, 0, CurrentTime, 0, 0);
        dropped = true;
      }
    } else if (e.type == SelectionRequest) {
      const XSelectionRequestEvent& r = e.xselectionrequest;
      XEvent reply{};
      reply.xselection.type = SelectionNotify;
      reply.xselection.display = dpy;
      reply.xselection.requestor = r.requestor;
      reply.xselection.selection = r.selection;
      reply.xselection.target = r.target;
      reply.xselection.time = r.time;
      reply.xselection.property = None;
      if (r.selection == XdndSelection && r.target == UriList) {
        const Atom prop = r.property != None ? r.property : r.target;
        XChangeProperty(dpy, r.requestor, prop, UriList, 8, PropModeReplace,
                        reinterpret_cast<const unsigned char*>(list.data()), int(list.size()));
        reply.xselection.property = prop;
      }
      XSendEvent(dpy, r.requestor, False, NoEventMask, &reply);
      XFlush(dpy);
    } else if (e.type == ClientMessage && Atom(e.xclient.message_type) == XdndFinished) {
      // Version 5: data.l[1] bit 0 says whether the target accepted the data.
      if (version >= 5 && !(e.xclient.data.l[1] & 1)) die("the target finished without accepting the data");
      XCloseDisplay(dpy);
      return 0;
    }
  }
  die(!accepted ? "no XdndStatus from the target within 10 s" : "no XdndFinished from the target within 10 s");
}
