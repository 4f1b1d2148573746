# cmake -DVGREV=path/to/vgrev -DOUT=folder -P completions.cmake: the completion scripts of bash,
# zsh and fish, as `vgrev completion SHELL` prints them, into OUT (the names each shell loads).
foreach(pair "bash;vgrev" "zsh;_vgrev" "fish;vgrev.fish")
  list(GET pair 0 shell)
  list(GET pair 1 name)
  execute_process(COMMAND ${VGREV} completion ${shell} OUTPUT_FILE ${OUT}/${name}
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "vgrev completion ${shell} failed: ${status}")
  endif()
endforeach()
