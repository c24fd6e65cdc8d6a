// Ports for the scanners' loopback tests.
#ifndef SUPPLYRISK_CLIENTS_SCAN_TESTING_LOOPBACK_PORT_H_
#define SUPPLYRISK_CLIENTS_SCAN_TESTING_LOOPBACK_PORT_H_

namespace supplyrisk::scan::loopback {

// A TCP port on 127.0.0.1 that nothing listens on: bound once to learn a free number, then
// closed. Another process may take it meanwhile; tests start their server on it at once.
// Returns 0 when no port could be bound.
int UnusedPort();

}  // namespace supplyrisk::scan::loopback

#endif  // SUPPLYRISK_CLIENTS_SCAN_TESTING_LOOPBACK_PORT_H_
