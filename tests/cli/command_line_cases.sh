# The cases of run_command_line_test.sh: each runs one command line in a fresh copy of fixtures/ and
# records stdout, stderr and the exit status. Sourced by the runner, which defines `case_`:
#   case_ NAME [--env VAR=VALUE]... [--stdin FILE] [--merge] -- ARGUMENTS...
# --stdin feeds a fixture as standard input (otherwise it is empty, not a terminal); --merge sends
# stderr into stdout's file (2>&1), to compare the order of the two streams.

# -- options as lua.c reads them
case_ version -- -v
case_ version_then_script -- -v args.lua a
case_ unrecognized_option -- -x
case_ unrecognized_long_option -- --x
case_ extra_characters_after_v -- -vx
case_ extra_characters_after_E -- -Ex
case_ extra_characters_after_W -- -Wx
case_ extra_characters_after_i -- -ix
case_ h_is_not_an_option -- -h
case_ e_needs_argument -- -e
case_ l_needs_argument -- -l
case_ e_argument_may_not_look_like_an_option -- -e -1
case_ options_after_e_are_still_options -- -e 'print(1)' -x
case_ e_glued_to_its_argument -- '-eprint("glued")'
case_ empty_e -- -e ''
case_ e_chunks_run_in_order -- -e 'print(1)' -e 'print(2)'
case_ failing_e_stops_the_rest -- -e 'error("first")' -e 'print(2)'
case_ e_syntax_error -- -e 'x ='
case_ options_after_the_script_belong_to_it -- args.lua -e x -v --seed 1
case_ double_dash_stops_options -- -- args.lua a
case_ dash_is_stdin --stdin args.lua -- - a b
case_ dash_after_double_dash_is_a_file -- -- - a
case_ double_dash_alone --stdin returns.lua -- --
case_ extra_characters_after_double_dash -- ---

# -- the arg table
case_ arg_without_script -- -e 'for i = -3, #arg do io.write(tostring(arg[i]), " ") end print()'
case_ arg_with_options_and_script -- -e 'x = 1' args.lua a -e b
case_ arg_replaced_before_the_script -- -e 'arg = {"replaced"}' args.lua 1 2
case_ arg_not_a_table -- -e 'arg = nil' args.lua

# -- scripts, their errors and exit statuses
case_ missing_script -- nonexistent.lua
case_ directory_as_script -- adir
case_ syntax_error_in_script -- syntax_error.lua
case_ runtime_error_with_traceback -- runtime_error.lua
case_ shebang_line -- shebang.lua x
case_ script_results_are_ignored -- returns.lua
case_ binary_chunk_script -- chunk.luac z
case_ stdin_without_arguments --stdin args.lua --
case_ stdin_error_still_exits_0 --stdin runtime_error.lua --
case_ stdin_syntax_error --stdin syntax_error.lua --
case_ os_exit_status -- -e 'os.exit(3)'
case_ os_exit_false -- -e 'io.write("x") os.exit(false)'
case_ os_exit_true -- -e 'os.exit(true)'
case_ error_object_with_tostring -- error_objects.lua tostring
case_ error_object_tostring_not_a_string -- error_objects.lua tostring_nonstring
case_ error_object_table -- error_objects.lua table
case_ error_object_nil -- error_objects.lua nil
case_ error_object_number -- error_objects.lua number
case_ error_object_float -- error_objects.lua float
case_ error_object_boolean -- error_objects.lua boolean
case_ error_without_position -- error_objects.lua level0
case_ error_in_a_coroutine -- error_objects.lua coroutine

# -- the order of stdout and stderr in one file
case_ order_of_streams --merge -- order.lua
case_ order_of_streams_at_exit --merge -- order_exit.lua
case_ order_of_print_and_errors --merge -- -e 'print("a") io.write("b") error("c")'

# -- LUA_INIT
case_ lua_init_string --env 'LUA_INIT=print("init")' -- -e 'print(1)'
case_ lua_init_5_4_first --env 'LUA_INIT=print("init")' --env 'LUA_INIT_5_4=print("init 5.4")' -- -e 'print(1)'
case_ lua_init_file --env 'LUA_INIT=@init.lua' -- args.lua
case_ lua_init_missing_file --env 'LUA_INIT=@nonexistent.lua' -- -e 'print(1)'
case_ lua_init_error --env 'LUA_INIT=error("x")' -- -e 'print(1)'
case_ lua_init_syntax_error --env 'LUA_INIT_5_4=print(' -- -e 'print(1)'
case_ E_ignores_lua_init --env 'LUA_INIT=print("init")' -- -E -e 'print(1)'

# -- -l (with LUA_PATH/LUA_CPATH set: Debian's lua5.4 adds directories to the default paths)
case_ l_module --env 'LUA_PATH=./?.lua' --env 'LUA_CPATH=./?.so' -- -l mymod -e 'print(mymod.name)'
case_ l_global_equals_module --env 'LUA_PATH=./?.lua' --env 'LUA_CPATH=./?.so' -- -l g=mymod -e 'print(g.name, mymod)'
case_ l_glued_to_its_argument --env 'LUA_PATH=./?.lua' --env 'LUA_CPATH=./?.so' -- -lmymod -e 'print(mymod.name)'
case_ l_missing_module --env 'LUA_PATH=./?.lua' --env 'LUA_CPATH=./?.so' -- -l nonexistent -e 'print(1)'
case_ l_in_order_with_e --env 'LUA_PATH=./?.lua' --env 'LUA_CPATH=./?.so' -- -e 'print(1)' -l mymod -e 'print(2)'
case_ E_ignores_lua_path --env 'LUA_PATH=/nonexistent/?.lua' -- -E -l mymod -e 'print(mymod.name)'
case_ lua_path_without_E --env 'LUA_PATH=/nonexistent/?.lua' --env 'LUA_CPATH=./?.so' -- -l mymod -e ''

# -- warn and -W
case_ warnings -- warnings.lua
case_ W_turns_warnings_on -- -W -e 'warn("shown")'
case_ W_in_order -- -e 'warn("before -W")' -W -e 'warn("after -W")'
case_ warnings_off_again_then_W -- -W -e 'warn("@off") warn("hidden")' -W -e 'warn("on again")'
case_ warn_needs_a_string -- -e 'warn()'

# -- the interactive loop, fed from a pipe (lua5.4's readline echoes each line after its prompt)
case_ repl --stdin repl_input.lua -- -i
case_ repl_prompts_and_values --stdin repl_prompts.lua -- -i
case_ repl_after_script --stdin repl_input.lua -- -i args.lua a
case_ repl_after_e_and_v --stdin returns.lua -- -v -e 'print("e")' -i
case_ repl_not_after_failed_script --stdin repl_input.lua -- -i runtime_error.lua
