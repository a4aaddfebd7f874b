#pragma once

#include "error.h"

#include <QtGlobal>

#include <utility>
#include <variant>

// A value or the Error that prevented it. Functions that can fail return this instead of throwing.
template <typename T> class Result
{
public:
    // Only for containers and QVariant, which need a default: an "empty" error result.
    Result()
        : m_data(std::in_place_index<1>, Error(ErrorCode::Unknown, QStringLiteral("no result")))
    {}
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {}

    bool isOk() const { return m_data.index() == 0; }
    explicit operator bool() const { return isOk(); }

    const T &value() const &
    {
        Q_ASSERT(isOk());
        return std::get<0>(m_data);
    }
    T &value() &
    {
        Q_ASSERT(isOk());
        return std::get<0>(m_data);
    }
    T &&value() &&
    {
        Q_ASSERT(isOk());
        return std::get<0>(std::move(m_data));
    }
    const Error &error() const
    {
        Q_ASSERT(!isOk());
        return std::get<1>(m_data);
    }

private:
    std::variant<T, Error> m_data;
};

// For operations that produce nothing but can fail.
struct Done
{};
