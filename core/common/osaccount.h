#pragma once

#include <QString>

// The login name of the account running this process, from the system's user database rather than $USER
// (which anyone can set); $USER or $USERNAME where there is no such database; empty when nothing says.
QString osAccountName();
