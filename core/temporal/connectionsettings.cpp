#include "connectionsettings.h"

#include <QStringList>

QString ConnectionSettings::describe() const
{
    QStringList traits;
    if (tls.enabled)
        traits << (tls.clientCertPath.isEmpty() && tls.clientCertData.isEmpty() ? QStringLiteral("TLS")
                                                                                : QStringLiteral("mTLS"));
    if (!apiKey.isEmpty())
        traits << QStringLiteral("API key");
    QString text = address + QStringLiteral(" / ") + namespaceName;
    if (!traits.isEmpty())
        text += QStringLiteral(" (") + traits.join(QStringLiteral(", ")) + QLatin1Char(')');
    return text;
}
