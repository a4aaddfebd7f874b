#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QString>

// A point in time as people type it for history filters (--since): "now"; an age before now such as "90s",
// "45m", "2h", "3d", "1w"; or ISO 8601: "2026-05-04", "2026-05-04T14:30", "2026-05-04 14:30:05",
// "2026-05-04T14:30:05.250Z", "2026-05-04T14:30+02:00". Without an offset a time is UTC, like the times the
// history prints. Returns UTC; a usage error names the accepted forms.
Result<QDateTime> parseHistoryTime(const QString &text, const QDateTime &now);
